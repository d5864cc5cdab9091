package dev.codedpo.eval.run;

import dev.codedpo.eval.suite.Suite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds summary.json from per-sample results. */
public final class Summaries {
    private Summaries() {}

    /**
     * pass@k for each requested k that every evaluated task has enough samples for (k <= n); larger k are left out
     * (and {@link #skippedK} names them) rather than estimated from too few samples.
     */
    public static EvalSummary of(Suite suite, String samplesName, List<SampleResult> results, List<Integer> ks,
                                 String timeLimits, double wallSeconds, String sandbox) {
        Map<String, int[]> base = new LinkedHashMap<>();
        Map<String, int[]> plus = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : List.of("pass", "fail", "timeout", "error")) {
            counts.put(s, 0);
        }
        // base+plus covers the same tasks as base: a task checked by plain tests (in a custom suite that mixes them
        // with differential rows) has no plus inputs, so its base+plus verdict is its base verdict. Averaging over
        // the differential tasks alone could put base+plus above base.
        boolean anyPlus = results.stream().anyMatch(r -> r.plusStatus() != null);
        for (SampleResult r : results) {
            int[] b = base.computeIfAbsent(r.taskId(), k -> new int[2]);
            b[0]++;
            b[1] += "pass".equals(r.baseStatus()) ? 1 : 0;
            if (anyPlus) {
                int[] p = plus.computeIfAbsent(r.taskId(), k -> new int[2]);
                p[0]++;
                p[1] += "pass".equals(r.plusStatus() != null ? r.plusStatus() : r.baseStatus()) ? 1 : 0;
            }
            counts.merge(r.status(), 1, Integer::sum);
        }
        int minN = base.values().stream().mapToInt(x -> x[0]).min().orElse(0);
        int maxN = base.values().stream().mapToInt(x -> x[0]).max().orElse(0);
        Map<String, Map<String, Double>> passAtK = new LinkedHashMap<>();
        passAtK.put("base", table(new ArrayList<>(base.values()), ks, minN));
        if (!plus.isEmpty()) {
            passAtK.put("plus", table(new ArrayList<>(plus.values()), ks, minN));
        }
        return new EvalSummary(suite.name(), samplesName, suite.tasks().size(), base.size(), results.size(), minN,
                maxN, passAtK, counts, timeLimits, wallSeconds, sandbox);
    }

    public static List<Integer> skippedK(List<Integer> ks, int minSamplesPerTask) {
        return ks.stream().filter(k -> k > minSamplesPerTask).toList();
    }

    private static Map<String, Double> table(List<int[]> nc, List<Integer> ks, int minN) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k : ks) {
            if (k <= minN) {
                m.put("pass@" + k, PassAtK.mean(nc, k));
            }
        }
        return m;
    }
}
