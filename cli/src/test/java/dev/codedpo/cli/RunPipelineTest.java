package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code codedpo run} end to end on the bundled stories260K with a two-task custom suite (see
 * resources/run-tiny): every stage's files, their records and how they chain; a second run does nothing; a changed
 * learning rate re-runs train and what reads it, nothing before; a run killed (SIGKILL) in the middle and run again
 * ends with the same result files as the uninterrupted one.
 */
class RunPipelineTest {
    static final List<String> STAGES = List.of("eval-before", "generate", "pairs", "train", "eval-after", "compare");

    static Path resources() {
        return RunConfigsTest.repo().resolve("cli/src/test/resources/run-tiny");
    }

    static List<String> args(Path runDir, Path cache, String... more) {
        Path res = resources();
        List<String> a = new ArrayList<>(List.of("run", "--config", res.resolve("run-tiny.yaml").toString(),
                "--run-dir", runDir.toString(),
                "--set", "train.model_path=" + TrainCommandTest.stories(),
                "--set", "generate.tasks_file=" + res.resolve("tasks.jsonl"),
                "--set", "generate.code_template=" + RunConfigsTest.repo().resolve("configs/prompts/code.jinja"),
                "--set", "generate.tests_template=" + res.resolve("tests.jinja"),
                "--set", "eval.suites=[" + res.resolve("suite.jsonl") + "]",
                "--set", "eval.cache_dir=" + cache, "--set", "compare.cache_dir=" + cache));
        a.addAll(List.of(more));
        return a;
    }

    /** The stage actions a run logged ("codedpo run: train     rerun   settings changed: ..."). */
    static Map<String, String> actions(String stderr) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : stderr.lines().toList()) {
            for (String s : STAGES) {
                String prefix = "codedpo run: " + s + " ";
                if (line.startsWith(prefix)) {
                    m.put(s, line.substring(prefix.length()).trim().split("\\s+")[0]);
                }
            }
        }
        return m;
    }

    /** The files that define each stage's result (as the stages declare them), by path in the run directory. */
    static Map<String, byte[]> results(Path run) throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String f : List.of("generate/candidates.jsonl", "pairs/pairs.jsonl", "pairs/kto.jsonl", "pairs/sft.jsonl",
                "train/model.safetensors", "train/config.json",
                "eval-before/suite/samples.jsonl", "eval-after/suite/samples.jsonl")) {
            m.put(f, Files.readAllBytes(run.resolve(f)));
        }
        return m;
    }

    @Test
    void thePipelineRunsSkipsRerunsAndResumes(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        Path run = tmp.resolve("a");
        Console.Run first = Console.execute(args(run, cache).toArray(String[]::new));
        assertEquals(Main.EXIT_OK, first.exitCode(), first.all());
        Map<String, String> acts = actions(first.stderr());
        assertEquals(STAGES, List.copyOf(acts.keySet()), first.stderr());
        acts.values().forEach(a -> assertEquals("run", a, first.stderr()));
        checkOutputs(run);
        Map<String, byte[]> uninterrupted = results(run);

        FileTime trained = Files.getLastModifiedTime(run.resolve("train/model.safetensors"));
        Console.Run second = Console.execute(args(run, cache).toArray(String[]::new));
        assertEquals(Main.EXIT_OK, second.exitCode(), second.all());
        actions(second.stderr()).forEach((s, a) -> assertEquals("skip", a, s + ": " + second.stderr()));
        assertEquals(6, actions(second.stderr()).size());
        assertEquals(trained, Files.getLastModifiedTime(run.resolve("train/model.safetensors")));

        Console.Run lr = Console.execute(args(run, cache, "--set", "train.learning_rate=2e-3").toArray(String[]::new));
        assertEquals(Main.EXIT_OK, lr.exitCode(), lr.all());
        Map<String, String> changed = actions(lr.stderr());
        for (String s : List.of("eval-before", "generate", "pairs")) {
            assertEquals("skip", changed.get(s), s + ": " + lr.stderr());
        }
        assertEquals("rerun", changed.get("train"), lr.stderr());
        assertTrue(lr.stderr().contains("settings changed: learning_rate"), lr.stderr());
        assertEquals("rerun", changed.get("eval-after"), lr.stderr());
        assertFalse(java.util.Arrays.equals(uninterrupted.get("train/model.safetensors"),
                Files.readAllBytes(run.resolve("train/model.safetensors"))), "other weights at another rate");
        assertEquals(2e-3, Json.MAPPER.readTree(run.resolve("run.json").toFile()).at("/train/learning_rate")
                .asDouble());

        // The same run in a child JVM, killed once its train stage has started, then run again here.
        Path cut = tmp.resolve("b");
        Process p = child(args(cut, cache), tmp.resolve("child.log"));
        Path trainRecord = cut.resolve("train/stage.json");
        while (!Files.exists(trainRecord) && p.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the child ended before its train stage: " + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly();  // SIGKILL: no shutdown hooks, no finally blocks
        p.waitFor(60, TimeUnit.SECONDS);
        Console.Run resumed = Console.execute(args(cut, cache).toArray(String[]::new));
        assertEquals(Main.EXIT_OK, resumed.exitCode(), resumed.all());
        Map<String, String> after = actions(resumed.stderr());
        for (String s : List.of("eval-before", "generate", "pairs")) {
            assertEquals("skip", after.get(s), s + ": " + resumed.stderr());
        }
        // the stage the kill interrupted resumes (train, almost always: the kill comes as it starts; a stage not
        // started yet when the kill landed between two stages runs)
        String interrupted = after.values().stream().filter(a -> !a.equals("skip")).findFirst().orElse("none");
        assertTrue(Set.of("resume", "run").contains(interrupted), resumed.stderr());
        checkOutputs(cut);
        Map<String, byte[]> again = results(cut);
        for (String f : uninterrupted.keySet()) {
            assertArrayEquals(uninterrupted.get(f), again.get(f), f + " differs after kill and resume");
        }
    }

    private static Process child(List<String> args, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Every stage's files exist and agree with each other and with the stage records. */
    private static void checkOutputs(Path run) throws Exception {
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("## pass@1 before and after training") && report.contains("## Pairs"), report);
        assertTrue(Files.isRegularFile(run.resolve(dev.codedpo.data.report.RunReport.PASS_AT_1_CHART)), "pass@1 chart");
        JsonNode cfg = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertEquals(run.resolve("train").toString(), cfg.at("/train/output_dir").asText());
        assertEquals(run.resolve("pairs/pairs.jsonl").toString(), cfg.at("/train/train_file").asText());
        assertEquals(cfg.at("/train/model_path").asText(), cfg.at("/generate/model_path").asText());
        Map<String, JsonNode> records = new LinkedHashMap<>();
        for (String s : STAGES) {
            JsonNode r = Json.MAPPER.readTree(run.resolve(s).resolve("stage.json").toFile());
            assertTrue(r.get("complete").asBoolean(), s);
            records.put(s, r);
        }
        // each stage ran on the result its upstream stage recorded
        assertEquals(records.get("generate").get("result_digest"), records.get("pairs").at("/upstream/generate"));
        assertEquals(records.get("pairs").get("result_digest"), records.get("train").at("/upstream/pairs"));
        assertEquals(records.get("train").get("result_digest"), records.get("eval-after").at("/upstream/train"));

        List<JsonNode> candidates = jsonl(run.resolve("generate/candidates.jsonl"));
        assertEquals(2, candidates.size(), "both tasks have codes and tests");
        Set<String> codes = new HashSet<>();
        Set<String> prompts = new HashSet<>();
        for (JsonNode c : candidates) {
            assertTrue(c.get("codes").size() >= 2, c.toString());
            assertTrue(c.get("tests").size() >= 1, c.toString());
            c.get("codes").forEach(x -> codes.add(x.asText()));
            prompts.add(c.get("model_prompt").asText());
        }
        List<JsonNode> pairs = jsonl(run.resolve("pairs/pairs.jsonl"));
        assertFalse(pairs.isEmpty(), "the random ranking pairs codes that differ in their comments");
        for (JsonNode pr : pairs) {
            assertTrue(prompts.contains(pr.get("prompt").asText()), "pairs train on the prompt the model saw");
            assertFalse(pr.get("chosen").asText().equals(pr.get("rejected").asText()));
        }
        assertEquals(4, jsonl(run.resolve("train/metrics.jsonl")).size(), "max_steps 4, logged every step");
        assertTrue(Files.isRegularFile(run.resolve("train/model.safetensors")));
        for (String e : List.of("eval-before", "eval-after")) {
            Path d = run.resolve(e).resolve("suite");
            assertEquals(2, jsonl(d.resolve("samples.jsonl")).size(), e);
            assertEquals(2, jsonl(d.resolve("results.jsonl")).size(), e);
            JsonNode summary = Json.MAPPER.readTree(d.resolve("summary.json").toFile());
            assertEquals(2, summary.get("tasks_evaluated").asInt(), summary.toString());
        }
        JsonNode compare = Json.MAPPER.readTree(run.resolve("compare/suite.json").toFile());
        Set<String> solvedBefore = passed(run.resolve("eval-before/suite/results.jsonl"));
        Set<String> solvedAfter = passed(run.resolve("eval-after/suite/results.jsonl"));
        solvedBefore.retainAll(solvedAfter);
        assertEquals(solvedBefore.size(), compare.get("solved_both").asInt(), compare.toString());
        assertEquals(solvedBefore.size(), compare.get("problems").size(), compare.toString());
    }

    private static Set<String> passed(Path results) throws Exception {
        Set<String> ids = new HashSet<>();
        for (JsonNode r : jsonl(results)) {
            if ("pass".equals(r.get("status").asText())) {
                ids.add(r.get("task_id").asText());
            }
        }
        return ids;
    }

    static List<JsonNode> jsonl(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            if (!line.isBlank()) {
                out.add(Json.MAPPER.readTree(line));
            }
        }
        return out;
    }
}
