package dev.codedpo.eval.compare;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.codedpo.eval.exec.TimingClock;
import java.util.List;

/**
 * Efficiency of the after-run over the before-run on the problems both solved.
 *
 * @param clock             what the timing rounds measured (CPU seconds or opcodes)
 * @param solvedBoth        problems solved in both runs (and re-timed successfully)
 * @param meanSpeedup       arithmetic mean of the per-problem speed-ups
 * @param geoMeanSpeedup    geometric mean (not dominated by a single large ratio)
 * @param shareFaster10     share of problems whose after-solution is at least 10% faster (speed-up >= 1.1)
 * @param shareSlower10     share at least 10% slower (speed-up <= 1/1.1)
 * @param medianNoise       median over problems of the relative spread of the timing rounds
 * @param skipped           "task: why" for problems solved in both runs that could not be re-timed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ComparisonReport(String suite, String before, String after, int repeats, TimingClock clock,
                               int solvedBoth,
                               double meanSpeedup, double geoMeanSpeedup, double shareFaster10,
                               double shareSlower10, double medianNoise, List<ProblemSpeedup> problems,
                               List<String> skipped) {}
