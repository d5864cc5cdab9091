package dev.codedpo.data.report;

import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.data.pairing.PairsConfig;
import dev.codedpo.data.generate.GenerationSummary;
import dev.codedpo.data.generate.SampleCounts;
import dev.codedpo.data.pairing.RunSummary;
import dev.codedpo.data.rank.RankingKind;
import dev.codedpo.eval.compare.ComparisonReport;
import dev.codedpo.eval.compare.ProblemSpeedup;
import dev.codedpo.eval.exec.TimingClock;
import dev.codedpo.eval.run.ResultsFiles;
import dev.codedpo.eval.run.SampleResult;
import dev.codedpo.eval.run.Summaries;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.Task;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Stage outputs of a run directory, written by the writers' own code where it is public (eval's Summaries and
 * ResultsFiles) and otherwise from the writers' record classes serialised the way the writers do (Json.pretty).
 */
final class RunFixtures {
    private RunFixtures() {}

    static void runJson(Path run, String method, String ranking) {
        AtomicFiles.writeString(run.resolve("run.json"), "{\n  \"pairs\": {\"ranking\": \"" + ranking
                + "\"},\n  \"train\": {\"method\": \"" + method + "\", \"beta\": 0.1}\n}\n");
    }

    /**
     * One sample per task; {@code base} and {@code plus} say which tasks pass (plus null: a suite without plus
     * tests). pass@1 is then simply the share of passing tasks.
     */
    static void eval(Path run, String side, String suite, boolean[] base, boolean[] plus) {
        List<Task> tasks = new ArrayList<>();
        List<SampleResult> results = new ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            String id = suite + "/" + i;
            tasks.add(new Task(id, "def f():\n", "f", "", "", List.of("assert True"), null));
            String b = base[i] ? "pass" : "fail";
            String p = plus == null ? null : plus[i] ? "pass" : "fail";
            String status = "pass".equals(b) && (p == null || "pass".equals(p)) ? "pass" : "fail";
            results.add(new SampleResult(suite, id, 0, status, b, p, null, 0.01, 0.01, "def f(): pass"));
        }
        Suite s = new Suite(suite, "hash", tasks);
        ResultsFiles.write(run.resolve(side).resolve(suite),
                results, Summaries.of(s, "samples.jsonl", results, List.of(1), "default", 1.0, "none"));
    }

    static void pairs(Path run, RankingKind ranking, long correctness, long efficiency, double[][] codeScores) {
        RunSummary.Histogram codeRates = RunSummary.Histogram.empty();
        RunSummary.Histogram testRates = RunSummary.Histogram.empty();
        for (double r : new double[] {0.0, 0.05, 0.5, 1.0, 1.0}) {
            codeRates.add(r);
        }
        testRates.add(0.25);
        PairsConfig d = PairsConfig.defaults();
        PairsConfig cfg = new PairsConfig(ranking, d.damping(), d.iterations(), d.updateOrder(), d.pairsPerTask(),
                d.minScoreGap(), d.efficiency(), d.timingRepeats(), d.timingClock(), d.minSpeedup(), d.workers(),
                d.timeoutSeconds(), d.memoryMb(), d.seed(), d.skipBadRows(), d.maxRowBytes(), null);
        RunSummary s = new RunSummary(codeScores.length, codeScores.length, 0, List.of(), 0, List.of(), 5, 4, 20,
                Map.of("fail", 8L, "pass", 12L), codeRates, testRates, 2, correctness, efficiency, 3, 1, 2, 1.5, 1.5,
                13.3, Map.of("network_isolated", true), cfg);
        Path dir = run.resolve("pairs");
        AtomicFiles.writeString(dir.resolve("summary.json"), Json.pretty(s));
        StringBuilder scores = new StringBuilder();
        for (int t = 0; t < codeScores.length; t++) {
            scores.append(Json.line(new dev.codedpo.data.output.ScoreRow("t" + t, "h", ranking.label(),
                    codeScores[t], new double[] {0.5}, new int[codeScores[t].length], 1, 0, 0.1))).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("scores.jsonl"), scores.toString());
    }

    static void generation(Path run) {
        GenerationSummary g = new GenerationSummary(3, 3, 2, 1, new SampleCounts(12, 9, Map.of("syntax_error", 3)),
                new SampleCounts(6, 14, Map.of()), 4096, 4096, 2.0, 2048.0, List.of());
        AtomicFiles.writeString(run.resolve("generate").resolve("generation_summary.json"), Json.pretty(g));
    }

    /** train_summary.json in TrainSummary's layout (train/run), two metrics rows and the trainer's loss chart. */
    static void train(Path run, String method) throws IOException {
        Path dir = run.resolve("train");
        AtomicFiles.writeString(dir.resolve("train_summary.json"), "{\n  \"method\" : \"" + method + "\",\n"
                + "  \"global_step\" : 10,\n  \"epoch\" : 2.0,\n  \"train_rows\" : 5,\n  \"rows_read\" : 5,\n"
                + "  \"rows_truncated\" : 0,\n  \"rows_dropped\" : 0,\n  \"rows_boundary_merged\" : 0,\n"
                + "  \"resumed_from_step\" : 0,\n  \"train_seconds\" : 12.5,\n"
                + "  \"last_metrics\" : {\"loss\" : 0.25, \"step\" : 10}\n}\n");
        AtomicFiles.writeString(dir.resolve("metrics.jsonl"),
                "{\"step\":5,\"loss\":0.6}\n{\"step\":10,\"loss\":0.25}\n");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("loss.png").toFile());
    }

    /** A compare report whose summary fields are computed here by hand from the given speed-ups. */
    static void compare(Path run, String suite, double... speedups) {
        List<ProblemSpeedup> problems = new ArrayList<>();
        double sum = 0;
        double logSum = 0;
        int faster = 0;
        int slower = 0;
        for (int i = 0; i < speedups.length; i++) {
            problems.add(new ProblemSpeedup(suite + "/" + i, 0, 0, speedups[i], 1.0, speedups[i], 0.01));
            sum += speedups[i];
            logSum += Math.log(speedups[i]);
            faster += speedups[i] >= 1.1 ? 1 : 0;
            slower += speedups[i] <= 1 / 1.1 ? 1 : 0;
        }
        int n = speedups.length;
        ComparisonReport r = new ComparisonReport(suite, "before", "after", 5, TimingClock.CPU, n, sum / n,
                Math.exp(logSum / n),
                faster / (double) n, slower / (double) n, 0.01, problems, List.of());
        AtomicFiles.writeString(run.resolve("compare").resolve(suite + ".json"), Json.pretty(r));
    }
}
