package dev.codedpo.data.report;

import java.nio.file.Path;

/**
 * Where a run directory keeps each stage's outputs. Each stage folder holds exactly what the single command writes
 * to its output directory ({@code generate}, {@code pairs}, {@code train}, {@code eval} per suite, {@code compare}).
 */
public record RunFiles(Path dir) {
    public static final String REPORT = "report.md";

    public Path config() {
        return dir.resolve("run.json");
    }

    public Path generationSummary() {
        return dir.resolve("generate").resolve("generation_summary.json");
    }

    public Path pairs() {
        return dir.resolve("pairs");
    }

    public Path train() {
        return dir.resolve("train");
    }

    /** One folder per suite below it. */
    public Path evalBefore() {
        return dir.resolve("eval-before");
    }

    public Path evalAfter() {
        return dir.resolve("eval-after");
    }

    public Path compare() {
        return dir.resolve("compare");
    }

    public Path report() {
        return dir.resolve(REPORT);
    }
}
