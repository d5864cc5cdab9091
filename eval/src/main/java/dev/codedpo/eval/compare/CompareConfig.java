package dev.codedpo.eval.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;

/** The settings of {@code codedpo compare} as a config section (the run's {@code compare} block). */
public record CompareConfig(
        @Describe("timing rounds per solution; the median is used") @JsonProperty("repeats") int repeats,
        @Describe("problems timed at once (1: least interference between timings)") @JsonProperty("workers") int workers,
        @Describe("Python interpreter") @JsonProperty("python") String python,
        @Describe("reference cache of codedpo eval (null: $XDG_CACHE_HOME/codedpo/eval)") @JsonProperty("cache_dir") String cacheDir) {

    public CompareConfig {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats: expected an integer >= 1");
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
        return new CompareConfig(5, 1, "python3", null);
    }
}
