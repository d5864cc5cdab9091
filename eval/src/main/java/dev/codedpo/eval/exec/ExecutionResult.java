package dev.codedpo.eval.exec;

import java.util.List;

/**
 * Result of one request: one check per test, in the request's order. When the code itself fails to load (raises,
 * times out or crashes), every check carries that outcome.
 *
 * @param codeStatus          status of executing setup + code (PASS when it loaded)
 * @param codeOutput          what setup + code wrote to stdout and stderr while loading (and any later output of
 *                            the code's own process), capped like a test's output; null when not captured
 * @param codeOutputTruncated true when the code wrote more than was kept
 */
public record ExecutionResult(CheckStatus codeStatus, String codeException, List<CheckResult> checks,
                              String codeOutput, boolean codeOutputTruncated) {
    /** A result without captured code output (executors that do not capture, test doubles). */
    public ExecutionResult(CheckStatus codeStatus, String codeException, List<CheckResult> checks) {
        this(codeStatus, codeException, checks, null, false);
    }

    public boolean[] passVector() {
        boolean[] v = new boolean[checks.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = checks.get(i).passed();
        }
        return v;
    }
}
