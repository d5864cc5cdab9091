package dev.codedpo.data.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.data.pairing.RunSummary;
import dev.codedpo.eval.compare.ComparisonReport;
import dev.codedpo.eval.exec.TimingClock;
import dev.codedpo.eval.run.EvalSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.md} of a run directory, with its PNG charts beside it: pass@1 before/after per suite, pair
 * statistics, training, efficiency, the config and versions. A stage that did not run is reported as "not run".
 * Charts are written first and the report last, each atomically; a chart the run no longer supports (its stage
 * removed) is deleted so that no stale picture stays next to the report.
 */
public final class RunReport {
    public static final String PASS_AT_1_CHART = "report-pass-at-1.png";
    public static final String CODE_RATES_CHART = "report-code-pass-rates.png";
    public static final String TEST_RATES_CHART = "report-test-pass-rates.png";
    public static final String CODE_SCORES_CHART = "report-code-scores.png";
    static final String NOT_RUN = "not run";

    private RunReport() {}

    /** Writes RUN_DIR/report.md and its charts; returns the report's path. */
    public static Path write(Path runDir) {
        return write(runDir, Versions.current());
    }

    public static Path write(Path runDir, Versions versions) {
        RunData run = RunData.read(runDir);
        List<String> charts = charts(run);
        for (String c : List.of(PASS_AT_1_CHART, CODE_RATES_CHART, TEST_RATES_CHART, CODE_SCORES_CHART)) {
            if (!charts.contains(c)) {
                delete(runDir.resolve(c));
            }
        }
        Path report = new RunFiles(runDir).report();
        AtomicFiles.writeString(report, render(run, charts, versions));
        return report;
    }

    /** Draws the charts the run has data for; returns their file names. */
    static List<String> charts(RunData run) {
        List<String> out = new ArrayList<>();
        if (ReportCharts.passAt1(run.suites(), run.dir().resolve(PASS_AT_1_CHART))) {
            out.add(PASS_AT_1_CHART);
        }
        RunSummary p = run.pairs();
        if (p != null) {
            ReportCharts.histogram("Share of tests each code passes", "pass rate", p.codePassRates().edges(),
                    p.codePassRates().counts(), run.dir().resolve(CODE_RATES_CHART));
            ReportCharts.histogram("Share of codes each test passes", "pass rate", p.testPassRates().edges(),
                    p.testPassRates().counts(), run.dir().resolve(TEST_RATES_CHART));
            out.add(CODE_RATES_CHART);
            out.add(TEST_RATES_CHART);
            if (run.codeScores().length > 0) {
                ReportCharts.Binned b = ReportCharts.bin(run.codeScores());
                ReportCharts.histogram("Code ranking scores (" + run.ranking() + ")", "score", b.edges(),
                        b.counts(), run.dir().resolve(CODE_SCORES_CHART));
                out.add(CODE_SCORES_CHART);
            }
        }
        return out;
    }

    static String render(RunData run, List<String> charts, Versions versions) {
        StringBuilder b = new StringBuilder();
        b.append("# Run report: ").append(run.name()).append("\n\n");
        b.append("Method: ").append(orDash(run.method())).append(", ranking: ").append(orDash(run.ranking()))
                .append(".\n\n");
        evaluation(b, run, charts);
        generation(b, run.generation());
        pairs(b, run, charts);
        training(b, run.train());
        efficiency(b, run.comparisons());
        b.append("## Config\n\n");
        if (run.configText() == null) {
            b.append("No run.json in the run directory.\n\n");
        } else {
            b.append("`run.json`, the resolved config:\n\n```json\n").append(run.configText().strip())
                    .append("\n```\n\n");
        }
        b.append("## Versions\n\n");
        b.append("- codedpo ").append(versions.codedpo()).append('\n');
        b.append("- Java ").append(versions.java()).append('\n');
        b.append("- DJL ").append(versions.djl()).append('\n');
        return b.toString();
    }

    private static void evaluation(StringBuilder b, RunData run, List<String> charts) {
        b.append("## pass@1 before and after training\n\n");
        if (run.suites().isEmpty()) {
            b.append(NOT_RUN).append(" (no eval-before/ or eval-after/ summary)\n\n");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (SuiteResult s : run.suites()) {
            rows.add(passRow(s, SuiteResult.BASE));
            if (s.hasPlus()) {
                rows.add(passRow(s, SuiteResult.PLUS));
            }
        }
        b.append(new MarkdownTable(List.of("suite", "tests", "before (%)", "after (%)", "difference (points)"),
                rows).markdown()).append('\n');
        b.append("Greedy pass@1 in percent; \"base+plus\" adds the suite's extra (EvalPlus) tests.\n\n");
        image(b, charts, PASS_AT_1_CHART, "pass@1 before and after");
    }

    private static List<String> passRow(SuiteResult s, String tests) {
        return List.of(s.suite(), tests.equals(SuiteResult.PLUS) ? "base+plus" : "base",
                side(s.before(), s.before(tests)), side(s.after(), s.after(tests)), Cells.points(s.difference(tests)));
    }

    private static String side(EvalSummary summary, java.util.Optional<Double> value) {
        return summary == null ? NOT_RUN : Cells.percent(value);
    }

    private static void generation(StringBuilder b, JsonNode g) {
        b.append("## Generation\n\n");
        if (g == null) {
            b.append(NOT_RUN).append(" (no generate/generation_summary.json)\n\n");
            return;
        }
        b.append(String.format(Locale.ROOT, "- tasks: %d (%d without candidates)%n", g.path("tasks").asLong(),
                g.path("tasks_without_candidates").asLong()));
        b.append(String.format(Locale.ROOT, "- codes: %d sampled, %d kept%n", g.path("codes").path("raw").asLong(),
                g.path("codes").path("parsed").asLong()));
        b.append(String.format(Locale.ROOT, "- tests: %d samples, %d asserts kept%n",
                g.path("tests").path("raw").asLong(), g.path("tests").path("parsed").asLong()));
        b.append(String.format(Locale.ROOT, "- tokens generated: %d%n%n", g.path("tokens").asLong()));
    }

    private static void pairs(StringBuilder b, RunData run, List<String> charts) {
        b.append("## Pairs\n\n");
        RunSummary p = run.pairs();
        if (p == null) {
            b.append(NOT_RUN).append(" (no pairs/summary.json)\n\n");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("tasks", String.valueOf(p.tasks())));
        rows.add(List.of("tasks with a correctness pair", String.valueOf(p.tasksWithCorrectnessPair())));
        rows.add(List.of("codes", String.valueOf(p.codes())));
        rows.add(List.of("tests", String.valueOf(p.tests())));
        rows.add(List.of("checks (code x test)", String.valueOf(p.checks())));
        for (Map.Entry<String, Long> e : p.checkStatus().entrySet()) {
            rows.add(List.of("checks " + e.getKey(), String.valueOf(e.getValue())));
        }
        rows.add(List.of("correctness pairs", String.valueOf(p.correctnessPairs())));
        rows.add(List.of("efficiency pairs", String.valueOf(p.efficiencyPairs())));
        rows.add(List.of("KTO desirable / undesirable", p.ktoDesirable() + " / " + p.ktoUndesirable()));
        rows.add(List.of("SFT examples", String.valueOf(p.sftExamples())));
        b.append(new MarkdownTable(List.of("pairs", "count"), rows).markdown()).append('\n');
        image(b, charts, CODE_RATES_CHART, "code pass rates");
        image(b, charts, TEST_RATES_CHART, "test pass rates");
        image(b, charts, CODE_SCORES_CHART, "code scores");
    }

    private static void training(StringBuilder b, TrainOutcome t) {
        b.append("## Training\n\n");
        if (t == null) {
            b.append(NOT_RUN).append(" (no train/train_summary.json or metrics.jsonl)\n\n");
            return;
        }
        JsonNode s = t.summary();
        if (s == null) {
            b.append(String.format(Locale.ROOT, "not finished: %d logged steps, no train_summary.json yet%n%n",
                    t.loggedSteps()));
        } else {
            b.append(String.format(Locale.ROOT, "- method: %s%n- steps: %d (%.2f epochs, %d training rows)%n"
                            + "- time: %.1f s%n", s.path("method").asText(), s.path("global_step").asLong(),
                    s.path("epoch").asDouble(), s.path("train_rows").asLong(), s.path("train_seconds").asDouble()));
            JsonNode last = s.path("last_metrics");
            if (last.isObject() && !last.isEmpty()) {
                List<List<String>> rows = new ArrayList<>();
                last.fields().forEachRemaining(e -> rows.add(List.of(e.getKey(), e.getValue().asText())));
                b.append("\nLast logged metrics:\n\n")
                        .append(new MarkdownTable(List.of("metric", "value"), rows).markdown());
            }
            b.append('\n');
        }
        for (String c : t.charts()) {
            b.append("![").append(c.replace(".png", "")).append("](train/").append(c).append(")\n\n");
        }
    }

    private static void efficiency(StringBuilder b, List<ComparisonReport> reports) {
        b.append("## Efficiency (problems solved before and after)\n\n");
        if (reports.isEmpty()) {
            b.append(NOT_RUN).append(" (no compare report under compare/)\n\n");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (ComparisonReport r : reports) {
            rows.add(List.of(r.suite(), String.valueOf(r.solvedBoth()), Cells.ratio(r.meanSpeedup()),
                    Cells.ratio(r.geoMeanSpeedup()), Cells.share(r.shareFaster10()), Cells.share(r.shareSlower10())));
        }
        if (reports.size() > 1) {
            Speedups all = Speedups.pooled(reports);
            rows.add(List.of("all suites", String.valueOf(all.problems()), Cells.ratio(all.mean()),
                    Cells.ratio(all.geoMean()), Cells.share(all.shareFaster10()), Cells.MISSING));
        }
        b.append(new MarkdownTable(List.of("suite", "problems", "mean speed-up", "geometric mean",
                ">= 10% faster", ">= 10% slower"), rows).markdown()).append('\n');
        String measure = reports.get(0).clock() == TimingClock.OPCODES ? "executed bytecode instructions" : "CPU time";
        b.append("Speed-up = before / after ").append(measure)
                .append(" of the first passing solutions, re-timed together.\n\n");
    }

    private static void image(StringBuilder b, List<String> charts, String file, String alt) {
        if (charts.contains(file)) {
            b.append("![").append(alt).append("](").append(file).append(")\n\n");
        }
    }

    private static String orDash(String s) {
        return s == null ? Cells.MISSING : s;
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale chart " + p, e);
        }
    }
}
