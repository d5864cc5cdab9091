package dev.codedpo.eval.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The human-readable table printed at the end of an evaluation. */
public final class ConsoleTable {
    private ConsoleTable() {}

    public static String render(EvalSummary s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("suite %s: %d of %d tasks, %d samples (%s per task)%n", s.suite(), s.tasksEvaluated(),
                s.tasksInSuite(), s.samplesEvaluated(), s.minSamplesPerTask() == s.maxSamplesPerTask()
                        ? String.valueOf(s.minSamplesPerTask()) : s.minSamplesPerTask() + "-" + s.maxSamplesPerTask()));
        List<String> columns = new ArrayList<>(s.passAtK().get("base").keySet());
        b.append(String.format("%-12s", ""));
        for (String c : columns) {
            b.append(String.format("%10s", c));
        }
        b.append('\n');
        for (Map.Entry<String, Map<String, Double>> row : s.passAtK().entrySet()) {
            b.append(String.format("%-12s", row.getKey().equals("plus") ? "base+plus" : "base"));
            for (String c : columns) {
                b.append(String.format("%9.2f%%", 100 * row.getValue().get(c)));
            }
            b.append('\n');
        }
        b.append("status:");
        s.statusCounts().forEach((k, v) -> b.append(' ').append(k).append(' ').append(v));
        b.append(String.format("   (%.1f s)%n", s.wallSeconds()));
        return b.toString();
    }
}
