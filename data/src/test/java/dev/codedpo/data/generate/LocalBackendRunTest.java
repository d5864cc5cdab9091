package dev.codedpo.data.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.generate.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend on the bundled stories260K model (it writes children's stories, not code). The templates put
 * each continuation in a Python comment, cut at the line's end, so every sample parses and the samples' syntax trees
 * are all alike: exactly one code and one test survive per task, whatever the model writes. Checked: counts that add
 * up, the candidates format codedpo pairs reads, resume, and samples that are the same for a seed at any batch size.
 */
class LocalBackendRunTest {
    static HfModel model;

    @BeforeAll
    static void load() {
        model = HfModel.load(Path.of("").toAbsolutePath().getParent()
                .resolve("models/src/test/resources/stories260K"), Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @TempDir
    Path dir;

    static final PromptTemplates TEMPLATES = new PromptTemplates(
            new PromptTemplates.Template("code.jinja", "{{ prompt }}\n# Once upon a time"),
            new PromptTemplates.Template("tests.jinja", "{{ prompt }}\nassert True  # Lily"));

    static GenerateConfig config(long seed, int batchSize) {
        GenerateConfig d = GenerateConfig.defaults();
        return new GenerateConfig(null, 0, null, Backend.LOCAL, "stories260K", null, null, null, PromptStyle.BASE, 4, 3, 0,
                1.5, 0.95, 8, 8, batchSize, seed, "code.jinja", "tests.jinja", List.of("\n"), "cpu", 1, 0, 0, 10);
    }

    final AtomicInteger requests = new AtomicInteger();

    Path run(GenerateConfig cfg, Path tasks, String out) {
        LocalBackend local = new LocalBackend(new Generator(model), cfg.batchSize());
        CompletionBackend counting = new CompletionBackend() {
            @Override
            public Sampled sample(ModelRequest request, SamplingParams params) {
                requests.incrementAndGet();
                return local.sample(request, params);
            }

            @Override
            public int parallelism() {
                return local.parallelism();
            }
        };
        TaskSampler sampler = new TaskSampler(cfg, TEMPLATES, null, counting, TestPool.checker());
        new CandidateGenerator(cfg, TEMPLATES, sampler, 1, (n, t) -> Progress.NONE).run(tasks, dir.resolve(out));
        return dir.resolve(out);
    }

    Path tasks(String name, String... ids) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String id : ids) {
            lines.add(Json.line(Map.of("task_id", id, "prompt", "x = 1  # " + id)));
        }
        Path p = dir.resolve(name);
        Files.write(p, lines);
        return p;
    }

    static List<JsonNode> rows(Path file) throws IOException {
        return CandidateGeneratorTest.rows(file);
    }

    /** Log rows without their timing, which differs between runs. */
    static List<JsonNode> logs(Path out) throws IOException {
        List<JsonNode> r = rows(out.resolve("generation_tasks.jsonl"));
        r.forEach(n -> ((ObjectNode) n).remove("seconds"));
        return r;
    }

    @Test
    void countsAddUpAndRowsAreWhatPairsReads() throws IOException {
        Path out = run(config(3, 4), tasks("t.jsonl", "a", "b"), "out");
        List<JsonNode> cands = rows(out.resolve("candidates.jsonl"));
        assertEquals(2, cands.size());
        for (JsonNode c : cands) {
            assertEquals(1, c.get("codes").size());
            assertEquals(1, c.get("completions").size());
            assertEquals(1, c.get("tests").size());
            String prompt = c.get("model_prompt").asText();
            assertEquals("x = 1  # " + c.get("task_id").asText() + "\n# Once upon a time", prompt);
            assertEquals(prompt + c.get("completions").get(0).asText(), c.get("codes").get(0).asText());
            assertEquals("assert True", c.get("tests").get(0).asText(), "the comment is not part of the statement");
        }
        for (JsonNode log : rows(out.resolve("generation_tasks.jsonl"))) {
            for (String kind : List.of("codes", "tests")) {
                JsonNode k = log.get(kind);
                int dropped = 0;
                for (JsonNode v : k.get("dropped")) {
                    dropped += v.asInt();
                }
                if (kind.equals("codes")) {
                    assertEquals(4, k.get("raw").asInt());
                    assertEquals(4, k.get("parsed").asInt() + dropped, log.toString());
                }
                assertEquals(1, k.get("parsed").asInt(), log.toString());
            }
            assertTrue(log.get("tokens").asLong() > 0 && log.get("tokens").asLong() <= 8 * 7, log.toString());
        }
        JsonNode s = Json.MAPPER.readTree(out.resolve("generation_summary.json").toFile());
        assertEquals(8, s.get("codes").get("raw").asInt());
        assertEquals(6, s.get("tests").get("raw").asInt());
    }

    @Test
    void theSameSeedGivesTheSameSamplesAtAnyBatchSizeAndAResumedRunTheSameAsAWholeOne() throws IOException {
        Path all = tasks("all.jsonl", "a", "b");
        Path whole = run(config(7, 4), all, "whole");
        Path other = run(config(7, 2), all, "batch2");
        assertEquals(rows(whole.resolve("candidates.jsonl")), rows(other.resolve("candidates.jsonl")));
        assertEquals(logs(whole), logs(other));

        Path first = tasks("first.jsonl", "b");
        Path reseeded = run(config(8, 4), first, "seed8");
        assertNotEquals(rows(whole.resolve("candidates.jsonl")).get(1).get("completions"),
                rows(reseeded.resolve("candidates.jsonl")).get(0).get("completions"));

        run(config(7, 4), first, "resumed");
        requests.set(0);
        Path resumed = run(config(7, 4), all, "resumed");
        assertEquals(2, requests.get(), "a only: a code and a test request");
        List<JsonNode> want = rows(whole.resolve("candidates.jsonl"));
        List<JsonNode> got = rows(resumed.resolve("candidates.jsonl"));
        assertEquals(want.size(), got.size());
        assertTrue(got.containsAll(want), "the same rows, in another order");
    }
}
