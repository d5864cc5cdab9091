package dev.codedpo.data.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.data.pairing.RunSummary;
import dev.codedpo.data.output.OutputFiles;
import dev.codedpo.eval.compare.ComparisonReport;
import dev.codedpo.eval.run.EvalSummary;
import dev.codedpo.eval.run.ResultsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Everything a report shows about one run directory, read from the stage outputs. A part whose stage did not run
 * (or did not finish: its summary file is what a finished stage writes last) is null or empty.
 *
 * @param name         the run's directory name
 * @param configText   run.json as written (the resolved config), or null
 * @param config       run.json parsed, or null
 * @param generation   generate/generation_summary.json, or null
 * @param pairs        pairs/summary.json, or null
 * @param codeScores   every code's ranking score from pairs/scores.jsonl
 * @param train        the train stage's outputs, or null
 * @param suites       per suite (sorted by name) the evaluations before and after
 * @param comparisons  the compare reports, sorted by suite
 */
public record RunData(String name, Path dir, String configText, JsonNode config, JsonNode generation,
                      RunSummary pairs, double[] codeScores, TrainOutcome train, List<SuiteResult> suites,
                      List<ComparisonReport> comparisons) {

    public static RunData read(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new InputException(runDir + ": not a run directory (no such directory)");
        }
        RunFiles f = new RunFiles(runDir);
        String configText = text(f.config());
        JsonNode config = JsonFiles.readIfPresent(f.config()).orElse(null);
        JsonNode generation = JsonFiles.readIfPresent(f.generationSummary()).orElse(null);
        OutputFiles pairFiles = new OutputFiles(f.pairs());
        RunSummary pairs = JsonFiles.readIfPresent(pairFiles.summary(), RunSummary.class).orElse(null);
        double[] scores = pairs == null ? new double[0] : codeScores(pairFiles.scores());
        return new RunData(nameOf(runDir), runDir, configText, config, generation, pairs, scores, train(f.train()),
                suites(f), comparisons(f.compare()));
    }

    /** The training method: what the trainer recorded, else what run.json asked for. */
    public String method() {
        if (train != null && train.method() != null) {
            return train.method();
        }
        return configValue("train", "method");
    }

    /** The pairs' ranking: what the pair build recorded, else what run.json asked for. */
    public String ranking() {
        if (pairs != null && pairs.config() != null) {
            return pairs.config().ranking().label();
        }
        return configValue("pairs", "ranking");
    }

    public Optional<SuiteResult> suite(String name) {
        return suites.stream().filter(s -> s.suite().equals(name)).findFirst();
    }

    private String configValue(String section, String key) {
        JsonNode v = config == null ? null : config.path(section).get(key);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String nameOf(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    }

    private static String text(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static double[] codeScores(Path scoresFile) {
        List<Double> out = new ArrayList<>();
        if (Files.isRegularFile(scoresFile)) {
            new JsonlReader(scoresFile, Long.MAX_VALUE / 4).forEach(row -> {
                for (JsonNode v : row.node().path("code_scores")) {
                    out.add(v.asDouble());
                }
            });
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static TrainOutcome train(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        JsonNode summary = JsonFiles.readIfPresent(dir.resolve("train_summary.json")).orElse(null);
        Path metrics = dir.resolve("metrics.jsonl");
        int[] steps = new int[1];
        if (Files.isRegularFile(metrics)) {
            new JsonlReader(metrics, Long.MAX_VALUE / 4).forEach(row -> steps[0]++);
        }
        List<String> charts = TrainOutcome.CHART_FILES.stream().filter(c -> Files.isRegularFile(dir.resolve(c)))
                .toList();
        if (summary == null && steps[0] == 0) {
            return null;
        }
        return new TrainOutcome(summary, steps[0], charts);
    }

    private static List<SuiteResult> suites(RunFiles f) {
        Map<String, EvalSummary> before = evals(f.evalBefore());
        Map<String, EvalSummary> after = evals(f.evalAfter());
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        return names.stream().map(n -> new SuiteResult(n, before.get(n), after.get(n))).toList();
    }

    private static Map<String, EvalSummary> evals(Path dir) {
        Map<String, EvalSummary> out = new TreeMap<>();
        for (Path suiteDir : list(dir)) {
            JsonFiles.readIfPresent(suiteDir.resolve(ResultsFiles.SUMMARY), EvalSummary.class)
                    .ifPresent(s -> out.put(suiteDir.getFileName().toString(), s));
        }
        return out;
    }

    /**
     * Every JSON file under compare/ that is a compare report. The file names are the orchestrator's choice, so
     * they are recognised by content (compare's own keys), not by name.
     */
    private static List<ComparisonReport> comparisons(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ComparisonReport> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted()
                    .toList()) {
                JsonNode n = JsonFiles.readIfPresent(p).orElseThrow();
                if (n.has("geo_mean_speedup") && n.has("problems")) {
                    out.add(JsonFiles.convert(p, n, ComparisonReport.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        out.sort((a, b) -> a.suite().compareTo(b.suite()));
        return out;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
