package dev.codedpo.eval.run;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * summary.json.
 *
 * @param passAtK      "base" (and "plus" when any task is differential) -> "pass@k" -> value in [0, 1]; "plus" covers
 *                     the same tasks as "base" (a task without plus inputs counts its base verdict there)
 * @param statusCounts per status ("pass", "fail", "timeout", "error") of the counted status
 * @param tasksInSuite tasks the suite has; {@code tasksEvaluated} is how many had samples (pass@k averages over those)
 * @param wallSeconds  wall time of the evaluation (reference run excluded)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvalSummary(String suite, String samples, int tasksInSuite, int tasksEvaluated, int samplesEvaluated,
                          int minSamplesPerTask, int maxSamplesPerTask, Map<String, Map<String, Double>> passAtK,
                          Map<String, Integer> statusCounts, String timeLimits, double wallSeconds,
                          String sandbox) {}
