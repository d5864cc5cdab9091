package dev.codedpo.eval.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;
import dev.codedpo.eval.exec.TimingClock;

/** The settings of {@code codedpo compare} as a config section (the run's {@code compare} block). */
public record CompareConfig(
        @Describe("timing rounds per solution; the median is used") @JsonProperty("repeats") int repeats,
        @Describe("what a round measures: cpu (CPU seconds; varies between runs) or opcodes (Python bytecode instructions executed: the same in every run, blind to work inside builtins)") @JsonProperty("clock") TimingClock clock,
        @Describe("problems timed at once (1: least interference between timings)") @JsonProperty("workers") int workers,
        @Describe("Python interpreter") @JsonProperty("python") String python,
        @Describe("reference cache of codedpo eval (null: $XDG_CACHE_HOME/codedpo/eval)") @JsonProperty("cache_dir") String cacheDir,
        @Describe("with clock opcodes: answer a solution timed before from cache_dir/results instead of timing it again (CPU timings always run, side by side)") @JsonProperty("reuse_results") boolean reuseResults) {

    public CompareConfig {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats: expected an integer >= 1");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock: expected cpu or opcodes");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers: expected an integer >= 1");
        }
        if (python == null || python.isBlank()) {
            throw new IllegalArgumentException("python: expected an interpreter name or path");
        }
    }

    /** As the command's defaults. */
    public static CompareConfig defaults() {
        return new CompareConfig(5, TimingClock.CPU, 1, "python3", null, false);
    }
}
