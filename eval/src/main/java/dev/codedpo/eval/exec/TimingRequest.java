package dev.codedpo.eval.exec;

import java.util.List;

/**
 * Time a code on a fixed test set: {@code repeats} rounds, each running every test once in a fresh fork of the
 * loaded code, so that each round measures the same work, with the given clock.
 */
public record TimingRequest(String setup, String code, List<String> tests, int repeats, TimingClock clock,
                            SandboxLimits limits) {
    public TimingRequest {
        setup = setup == null ? "" : setup;
        tests = List.copyOf(tests);
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
    }
}
