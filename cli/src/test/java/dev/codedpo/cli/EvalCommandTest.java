package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code codedpo eval} and {@code codedpo compare} through the command line, with real execution. */
class EvalCommandTest {
    @TempDir
    Path dir;

    static final String CLOSE_SLOW = "    for i, a in enumerate(numbers):\n        for j, b in enumerate(numbers):\n"
            + "            if i != j and abs(a - b) < threshold:\n                return True\n    return False\n";
    static final String CLOSE_FAST = "    s = sorted(numbers)\n"
            + "    return any(b - a < threshold for a, b in zip(s, s[1:]))\n";

    private Path samples(String name, List<Map<String, String>> rows) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, rows.stream().map(Json::line).toList());
        return p;
    }

    @Test
    void passAtOneOverTheSampledTasksAndCompareFindsTheSolvedOnes() throws IOException {
        Path before = samples("before.jsonl", List.of(
                Map.of("task_id", "HumanEval/0", "completion", CLOSE_SLOW),
                Map.of("task_id", "HumanEval/2", "completion", "    return number % 1.0\n"),
                Map.of("task_id", "HumanEval/2", "completion", "    return number\n")));
        Path out = dir.resolve("before");
        assertEquals(0, Main.execute("eval", "--suite", "humaneval", "--samples", before.toString(), "--out",
                out.toString(), "--cache-dir", dir.resolve("cache").toString()));
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        // task 0: 1 of 1 passes; task 2: 1 of 2 -> (1 + 0.5) / 2
        assertEquals(0.75, summary.get("pass_at_k").get("base").get("pass@1").asDouble(), 1e-12);
        assertEquals(2, summary.get("tasks_evaluated").asInt());
        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(3, lines.size());
        JsonNode wrong = lines.stream().map(EvalCommandTest::parse)
                .filter(r -> r.get("status").asText().equals("fail")).findFirst().orElseThrow();
        assertEquals("HumanEval/2", wrong.get("task_id").asText());

        Path after = samples("after.jsonl", List.of(Map.of("task_id", "HumanEval/0", "completion", CLOSE_FAST)));
        Path out2 = dir.resolve("after");
        assertEquals(0, Main.execute("eval", "--suite", "humaneval", "--samples", after.toString(), "--out",
                out2.toString(), "--cache-dir", dir.resolve("cache").toString()));
        Path report = dir.resolve("report.json");
        assertEquals(0, Main.execute("compare", "--before", out.toString(), "--after", out2.toString(),
                "--repeats", "3", "--out", report.toString(), "--cache-dir", dir.resolve("cache").toString()));
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        assertEquals(1, r.get("solved_both").asInt(), r.toString());
    }

    @Test
    void badSamplesAndUnknownSuitesExitWithTwo() throws IOException {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"task_id\": \"HumanEval/0\", \"completion\": \"    return 1\\n\"}\n{\"task_id\": 3}\n");
        Path out = dir.resolve("o");
        assertEquals(2, Main.execute("eval", "--suite", "humaneval", "--samples", bad.toString(), "--out",
                out.toString()));
        assertFalse(Files.exists(out.resolve("summary.json")));
        assertEquals(2, Main.execute("eval", "--suite", "no-such-suite", "--samples", bad.toString(), "--out",
                out.toString()));
        assertEquals(2, Main.execute("compare", "--before", dir.resolve("nope").toString(), "--after",
                dir.resolve("nope2").toString()));
    }

    /** --out naming a file fails before anything runs: no reference run (its cache is never made), no samples. */
    @Test
    void anOutputThatIsAFileIsRefusedBeforeAnyWork() throws IOException {
        Path samples = samples("s.jsonl", List.of(Map.of("task_id", "HumanEval/0", "completion", CLOSE_SLOW)));
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Path cache = dir.resolve("cache");
        StdErr.Run r = StdErr.execute("eval", "--suite", "humaneval", "--samples", samples.toString(), "--out",
                file.toString(), "--cache-dir", cache.toString());
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals("codedpo: error: --out " + file + ": exists and is not a directory\n", r.stderr());
        assertFalse(Files.exists(cache), "nothing ran");
        assertEquals(2, StdErr.execute("eval", "--suite", "humaneval", "--reference", "--out",
                file.resolve("sub").toString(), "--cache-dir", cache.toString()).exitCode());
        assertFalse(Files.exists(cache), "nothing ran");
    }

    /**
     * A custom suite of two plain-test tasks (one whose canonical solution fails its test) and one differential
     * task: base 2/3, and base+plus over the same three tasks, 2/3, never above base.
     */
    @Test
    void aMixedCustomSuiteReportsBasePlusOverTheSameTasksAsBase() throws IOException {
        Path suite = dir.resolve("mixed.jsonl");
        Files.write(suite, List.of(
                Json.line(Map.of("task_id", "m/0", "prompt", "def inc(x):\n", "entry_point", "inc",
                        "canonical_solution", "    return x + 1\n",
                        "test", "def check(candidate):\n    assert candidate(1) == 2\n")),
                Json.line(Map.of("task_id", "m/1", "prompt", "def dec(x):\n", "entry_point", "dec",
                        "canonical_solution", "    return x + 1\n",
                        "test", "def check(candidate):\n    assert candidate(1) == 0\n")),
                "{\"task_id\": \"m/2\", \"prompt\": \"def sq(x):\\n\", \"entry_point\": \"sq\", "
                        + "\"canonical_solution\": \"    return x * x\\n\", \"test\": \"\", "
                        + "\"base_input\": [[1], [2]], \"plus_input\": [[30]]}"));
        Path out = dir.resolve("mixed");
        StdErr.Run r = StdErr.execute("eval", "--suite", suite.toString(), "--reference", "--out", out.toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--workers", "2");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode passAtK = Json.MAPPER.readTree(out.resolve("summary.json").toFile()).get("pass_at_k");
        assertEquals(2 / 3.0, passAtK.get("base").get("pass@1").asDouble(), 1e-12, passAtK.toString());
        assertEquals(2 / 3.0, passAtK.get("plus").get("pass@1").asDouble(), 1e-12, passAtK.toString());

        // reuse_results (a key of the config flow, here through --set): a second evaluation of the same programs
        // answers them from cache_dir/results, with the same summary
        Path second = dir.resolve("again");
        for (Path o : List.of(dir.resolve("first"), second)) {
            StdErr.Run again = StdErr.execute("eval", "--suite", suite.toString(), "--reference", "--out", o.toString(),
                    "--cache-dir", dir.resolve("cache").toString(), "--set", "reuse_results=true");
            assertEquals(0, again.exitCode(), again.stderr());
            String expected = o.equals(second) ? "0 sample(s) checked, 3 answered" : "3 sample(s) checked, 0 answered";
            assertTrue(again.stderr().contains(expected), again.stderr());
        }
        assertEquals(passAtK, Json.MAPPER.readTree(second.resolve("summary.json").toFile()).get("pass_at_k"));
    }

    /**
     * --model with instruct prompts renders the model's own chat_template (here a plain ChatML one added to the tiny
     * test model); a model without one is refused for instruct prompts, with the way out named, before any work.
     */
    @Test
    void instructPromptsUseTheModelsChatTemplate() throws IOException {
        Path model = Files.createDirectory(dir.resolve("model"));
        try (var files = Files.list(TrainCommandTest.stories())) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        Path suite = dir.resolve("one.jsonl");
        Files.write(suite, List.of(Json.line(Map.of("task_id", "t/0", "prompt", "def inc(x):\n", "entry_point",
                "inc", "canonical_solution", "    return x + 1\n",
                "test", "def check(candidate):\n    assert candidate(1) == 2\n"))));
        String[] args = {"eval", "--suite", suite.toString(), "--model", model.toString(), "--prompt-style",
            "instruct", "--max-new-tokens", "4", "--out", dir.resolve("o").toString(), "--cache-dir",
            dir.resolve("cache").toString()};
        StdErr.Run none = StdErr.execute(args);
        assertEquals(2, none.exitCode(), none.stderr());
        assertTrue(none.stderr().contains(model.resolve("tokenizer_config.json") + ": has no chat_template"),
                none.stderr());
        assertTrue(none.stderr().contains("--prompt-style base"), none.stderr());
        assertFalse(Files.exists(dir.resolve("o")), "refused before the output directory is made");

        JsonNode config = Json.MAPPER.readTree(model.resolve("tokenizer_config.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) config).put("chat_template", "{% for m in messages %}"
                + "{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}"
                + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}");
        Files.writeString(model.resolve("tokenizer_config.json"), config.toString());
        StdErr.Run r = StdErr.execute(args);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("instruct prompts (chat template from " + model.resolve(
                "tokenizer_config.json") + ")"), r.stderr());
        assertEquals(1, Files.readAllLines(dir.resolve("o").resolve("samples.jsonl")).size());
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
