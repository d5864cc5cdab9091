package dev.codedpo.eval.truth;

import java.util.List;

/**
 * What the reference solution of one task did, measured once and cached.
 *
 * @param baseTimes  differential tasks: reference CPU seconds per base input (else null)
 * @param plusTimes  differential tasks: reference CPU seconds per plus input (else null)
 * @param baseBlob   differential tasks: base64 pickle of (typed inputs, outputs, indices recomputed in the check)
 * @param plusBlob   same for the plus inputs
 * @param testTimes  test-list tasks: reference CPU seconds per test (else null)
 * @param failures   test-list tasks: "test i: why" for each test the reference fails (a broken suite row)
 */
public record GroundTruth(String taskId, double[] baseTimes, double[] plusTimes, String baseBlob, String plusBlob,
                          double[] testTimes, List<String> failures) {
    public GroundTruth {
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    public double referenceSeconds() {
        return sum(baseTimes) + sum(plusTimes) + sum(testTimes);
    }

    static double sum(double[] xs) {
        double s = 0;
        if (xs != null) {
            for (double x : xs) {
                s += x;
            }
        }
        return s;
    }
}
