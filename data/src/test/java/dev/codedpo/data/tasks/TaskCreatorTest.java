package dev.codedpo.data.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.generate.Backend;
import dev.codedpo.data.generate.Completion;
import dev.codedpo.data.generate.CompletionBackend;
import dev.codedpo.data.generate.ModelRequest;
import dev.codedpo.data.generate.PromptTemplates;
import dev.codedpo.data.generate.Sampled;
import dev.codedpo.data.generate.SamplingParams;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.eval.suite.SuiteLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end with a scripted model: the exact tasks file, the drop counts, and resume after a failure. */
class TaskCreatorTest {
    @TempDir
    Path dir;

    static final String HE0 = SuiteLoader.load("humaneval").byId().get("HumanEval/0").prompt();

    static final String FRESH = "def total_even(values: list) -> int:\n"
            + "    \"\"\"Return the sum of the even numbers in values.\n    >>> total_even([1, 2, 4])\n    6\n    \"\"\"\n";
    static final String FRESH_AGAIN = FRESH.replace("in values.", "in  values .");
    static final String OTHER = "import re\n\n\ndef vowels(word: str) -> int:\n"
            + "    \"\"\"Count the vowels of word, ignoring case.\"\"\"\n";

    /** Snippet code by key; the completion the script answers for it. */
    static final Map<String, String> ANSWERS = new LinkedHashMap<>();

    static {
        ANSWERS.put("a", "```python\n" + FRESH + "    return sum(v for v in values if v % 2 == 0)\n```\n");
        ANSWERS.put("b", "```python\n" + HE0 + "```");
        ANSWERS.put("c", "Once upon a time");
        ANSWERS.put("d", "```python\n" + FRESH_AGAIN + "```");
        ANSWERS.put("e", OTHER);
    }

    static String snippet(String key) {
        return "def seed_" + key + "(x):\n    y = x * " + key.charAt(0) % 7 + "\n    return [y] * len('" + key
                + "')\n";
    }

    Path seeds() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String k : List.of("a", "b", "c", "d", "e")) {
            lines.add(Json.line(Map.of("snippet", snippet(k), "source", "repo/" + k + ".py")));
            if (k.equals("a")) { // a near duplicate of a: one changed token of many
                lines.add(Json.line(Map.of("snippet", snippet("a").replace("return", "return  ")
                        + "    # the same\n")));
            }
        }
        Path p = dir.resolve("seeds.jsonl");
        Files.write(p, lines);
        return p;
    }

    static final class Script implements CompletionBackend {
        final List<String> asked = new ArrayList<>();
        final List<Long> seeds = new ArrayList<>();
        int failAfter = Integer.MAX_VALUE;

        @Override
        public synchronized Sampled sample(ModelRequest request, SamplingParams params) {
            if (asked.size() >= failAfter) {
                throw new IllegalStateException("server gone");
            }
            String key = request.text().substring(request.text().indexOf("def seed_") + 9).substring(0, 1);
            asked.add(key);
            seeds.add(params.seed());
            return new Sampled(List.of(new Completion(ANSWERS.get(key), "stop")), 7);
        }

        @Override
        public int parallelism() {
            return 1;
        }
    }

    static TasksConfig config() {
        TasksConfig d = TasksConfig.defaults();
        return new TasksConfig(null, null, Backend.OPENAI, null, "http://x", "scripted-7b", null, PromptStyle.BASE,
                "t.jinja", 0, 1, 64, 5, List.of("\n```"), "cpu", 1, 0, 0, 10, 3, 4000, 5, 0.7, 0.7,
                d.decontaminationSuites(), 10, 1, "oss");
    }

    static final PromptTemplates.Template TEMPLATE = new PromptTemplates.Template("t.jinja",
            "# from {{ source }}\n{{ snippet }}\n");

    TasksSummary run(Script script, Path seeds, String out) {
        return new TaskCreator(config(), TEMPLATE, null, script, TestPool.ast(), (n, t) -> Progress.NONE)
                .run(seeds, dir.resolve(out));
    }

    static String id(String code) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(code.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    static String row(String key, int line, String prompt, String entry) throws NoSuchAlgorithmException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", "oss/" + id(snippet(key)));
        m.put("prompt", prompt);
        m.put("entry_point", entry);
        m.put("source", "seeds.jsonl:" + line);
        m.put("snippet_source", "repo/" + key + ".py");
        m.put("model", "scripted-7b");
        m.put("seed", 5);
        return Json.line(m) + "\n";
    }

    @Test
    void exactTasksFileAndDropCounts() throws Exception {
        Script s = new Script();
        TasksSummary sum = run(s, seeds(), "out");
        assertEquals(List.of("a", "b", "c", "d", "e"), s.asked, "the near-duplicate snippet is never sent");
        assertEquals(row("a", 1, FRESH, "total_even") + row("e", 6, OTHER, "vowels"),
                Files.readString(dir.resolve("out/tasks.jsonl")));
        assertEquals(Map.of("near_duplicate_snippet", 1, "contaminated_humaneval", 1, "syntax_error", 1,
                "near_duplicate_task", 1), sum.dropped());
        assertEquals(6, sum.snippets());
        assertEquals(5, sum.sampled());
        assertEquals(2, sum.tasksWritten());
        JsonNode written = Json.MAPPER.readTree(dir.resolve("out/tasks_summary.json").toFile());
        assertEquals(2, written.get("tasks_written").asInt());
        assertEquals(35, written.get("tokens_this_run").asInt());
        assertEquals(5, s.seeds.stream().distinct().count(), "a seed per snippet");
    }

    @Test
    void aRunStoppedByAFailureResumesToTheSameOutput() throws Exception {
        Path seeds = seeds();
        Script whole = new Script();
        run(whole, seeds, "whole");

        Script failing = new Script();
        failing.failAfter = 2;
        assertThrows(IllegalStateException.class, () -> run(failing, seeds, "resumed"));
        Script rest = new Script();
        TasksSummary sum = run(rest, seeds, "resumed");
        assertEquals(List.of("c", "d", "e"), rest.asked);
        assertEquals(2, sum.resumed());
        assertEquals(whole.seeds.subList(2, 5), rest.seeds, "the same seeds as the uninterrupted run");
        assertEquals(Files.readString(dir.resolve("whole/tasks.jsonl")),
                Files.readString(dir.resolve("resumed/tasks.jsonl")));

        Script none = new Script();
        run(none, seeds, "resumed");
        assertEquals(List.of(), none.asked, "a finished run asks nothing");
    }
}
