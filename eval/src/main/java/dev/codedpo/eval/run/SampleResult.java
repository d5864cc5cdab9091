package dev.codedpo.eval.run;

import dev.codedpo.eval.check.FailedInput;

/**
 * One row of results.jsonl. It keeps the program and the suite so that {@code codedpo compare} can re-time it.
 *
 * @param status       what pass@k counts: plusStatus for differential suites, else baseStatus
 * @param baseStatus   pass/fail/timeout/error on the base tests
 * @param plusStatus   on base + plus inputs (differential suites only, else null)
 * @param failedInput  the first failing input or test (null on a pass)
 * @param cpuSeconds   CPU time of the checks, as the engine measured it
 * @param wallSeconds  wall time of the whole request, queueing excluded
 */
public record SampleResult(String suite, String taskId, int sampleIndex, String status, String baseStatus,
                           String plusStatus, FailedInput failedInput, double cpuSeconds, double wallSeconds,
                           String solution) {}
