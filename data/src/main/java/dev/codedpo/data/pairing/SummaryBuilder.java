package dev.codedpo.data.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.data.output.OutputFiles;
import dev.codedpo.data.task.TaskFileReader;
import dev.codedpo.eval.exec.SandboxReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Computes summary.json from the files themselves, so that it covers resumed runs exactly like fresh ones. */
final class SummaryBuilder {
    private SummaryBuilder() {}

    /** Lists (of skipped rows, of recomputed tasks) keep their first entries only: the counts say how many. */
    static final int LISTED = 100;

    static RunSummary build(OutputFiles files, PairsConfig config, List<TaskFileReader.Skipped> skipped,
                            List<String> recomputed, int tasksThisRun, long checksThisRun, double secondsThisRun,
                            SandboxReport sandbox) {
        long[] counts = new long[3]; // codes, tests, checks
        Map<String, Long> status = new TreeMap<>();
        RunSummary.Histogram codeRates = RunSummary.Histogram.empty();
        RunSummary.Histogram testRates = RunSummary.Histogram.empty();
        rows(files.executions(), row -> {
            JsonNode m = row.path("matrix");
            int nc = row.path("n_codes").asInt();
            int nt = row.path("n_tests").asInt();
            counts[0] += nc;
            counts[1] += nt;
            counts[2] += (long) nc * nt;
            int[] testPass = new int[nt];
            for (int c = 0; c < nc; c++) {
                int passed = 0;
                for (int t = 0; t < nt; t++) {
                    int v = m.get(c).get(t).asInt();
                    passed += v;
                    testPass[t] += v;
                    status.merge(row.path("status").get(c).get(t).asText(), 1L, Long::sum);
                }
                codeRates.add(nt == 0 ? 0 : (double) passed / nt);
            }
            for (int t = 0; t < nt; t++) {
                testRates.add(nc == 0 ? 0 : (double) testPass[t] / nc);
            }
        });
        int[] tasks = new int[2];
        double[] taskSeconds = new double[1];
        rows(files.scores(), row -> {
            tasks[0]++;
            tasks[1] += row.path("correctness_pairs").asInt() > 0 ? 1 : 0;
            taskSeconds[0] += row.path("seconds").asDouble();
        });
        long[] pairs = new long[2];
        rows(files.pairs(), row -> pairs["efficiency".equals(row.path("kind").asText()) ? 1 : 0]++);
        long[] kto = new long[2];
        rows(files.kto(), row -> kto[row.path("label").asBoolean() ? 0 : 1]++);
        long[] sft = new long[1];
        rows(files.sft(), row -> sft[0]++);
        Map<String, Object> box = new LinkedHashMap<>();
        box.put("network_isolated", sandbox.networkIsolated());
        box.put("privileges_dropped", sandbox.privilegesDropped());
        box.put("notes", sandbox.notes());
        return new RunSummary(tasks[0], tasksThisRun, recomputed.size(),
                recomputed.subList(0, Math.min(LISTED, recomputed.size())), skipped.size(),
                skipped.subList(0, Math.min(LISTED, skipped.size())), counts[0], counts[1], counts[2], status,
                codeRates, testRates, tasks[1], pairs[0], pairs[1], kto[0], kto[1], sft[0], secondsThisRun,
                taskSeconds[0], secondsThisRun > 0 ? checksThisRun / secondsThisRun : 0, box, config);
    }

    private static void rows(Path file, java.util.function.Consumer<JsonNode> sink) {
        if (Files.exists(file)) {
            new JsonlReader(file, Long.MAX_VALUE / 4).forEach(r -> sink.accept(r.node()));
        }
    }
}
