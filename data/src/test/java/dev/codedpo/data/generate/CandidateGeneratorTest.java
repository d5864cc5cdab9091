package dev.codedpo.data.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.models.chat.ChatMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole run with a scripted model and the real parser: exact candidates, counts, resume and bad input. */
class CandidateGeneratorTest {
    @TempDir
    Path dir;

    static final PromptTemplates TEMPLATES = new PromptTemplates(
            new PromptTemplates.Template("code.jinja", "{{ prompt }}"),
            new PromptTemplates.Template("tests.jinja", "{{ prompt }}    pass\n\n# check {{ entry_point }}\nassert"));

    static GenerateConfig config(int codes, int tests, PromptStyle style) {
        GenerateConfig d = GenerateConfig.defaults();
        return new GenerateConfig(null, 0, null, Backend.LOCAL, "scripted", null, null, null, style, codes, tests, 0,
                d.temperature(), d.topP(), 64, 64, 4, 7, "code.jinja", "tests.jinja", d.stop(), "cpu", 1, 0, 0, 10);
    }

    /** Code sample j: "return a + b" for even j, "return a - b" for odd j; tests: two asserts, one shared. */
    static String script(ModelRequest r, int j) {
        if (r.text().endsWith("assert")) {
            return " add(1, 1) == 2\nassert add(" + j + ", 1) == " + (j + 1) + "\n";
        }
        return j % 2 == 0 ? "    return a + b\n\nprint(1)\n" : "    return a - b\n";
    }

    static String task(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", id);
        m.put("prompt", "def add(a, b):\n    \"\"\"" + id + "\"\"\"\n");
        m.put("entry_point", "add");
        return Json.line(m);
    }

    CandidateGenerator generator(GenerateConfig cfg, CompletionBackend backend, PromptStyle style) {
        TaskSampler sampler = new TaskSampler(cfg, TEMPLATES,
                style == PromptStyle.INSTRUCT ? (msgs, open) -> "<|user|>" + msgs.get(0).content() + "<|assistant|>"
                        : null, backend, SampleParserTest.checker());
        return new CandidateGenerator(cfg, TEMPLATES, sampler, 1, (n, t) -> Progress.NONE);
    }

    static List<JsonNode> rows(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void candidatesHoldTheParsedCodesTestsModelPromptAndCompletions() throws IOException {
        Path in = dir.resolve("tasks.jsonl");
        Files.writeString(in, task("a") + "\n" + task("b") + "\n");
        ScriptedBackend backend = new ScriptedBackend(CandidateGeneratorTest::script);
        Path out = dir.resolve("out");
        CandidateGenerator.Result r = generator(config(4, 3, PromptStyle.BASE), backend, PromptStyle.BASE)
                .run(in, out);
        assertEquals(4, backend.requests.get(), "one code and one test request per task");
        List<JsonNode> cands = rows(out.resolve("candidates.jsonl"));
        assertEquals(2, cands.size());
        JsonNode a = cands.get(0);
        String prompt = "def add(a, b):\n    \"\"\"a\"\"\"\n";
        assertEquals("a", a.get("task_id").asText());
        assertEquals(prompt, a.get("prompt").asText());
        assertEquals(prompt, a.get("model_prompt").asText());
        assertEquals(List.of(prompt + "    return a + b\n", prompt + "    return a - b\n"),
                Json.MAPPER.convertValue(a.get("codes"), List.class));
        assertEquals(List.of("    return a + b\n\nprint(1)\n", "    return a - b\n"),
                Json.MAPPER.convertValue(a.get("completions"), List.class));
        assertEquals(List.of("assert add(1, 1) == 2", "assert add(0, 1) == 1", "assert add(2, 1) == 3"),
                Json.MAPPER.convertValue(a.get("tests"), List.class));
        assertEquals("", a.get("setup").asText());

        JsonNode s = Json.MAPPER.readTree(out.resolve("generation_summary.json").toFile());
        assertEquals(2, s.get("tasks").asInt());
        assertEquals(8, s.get("codes").get("raw").asInt());
        assertEquals(4, s.get("codes").get("parsed").asInt());
        assertEquals(4, s.get("codes").get("dropped").get("duplicate").asInt());
        assertEquals(6, s.get("tests").get("parsed").asInt());
        // per task: the shared assert twice more, and sample 1 writes add(1, 1) == 2 again
        assertEquals(2 * 3, s.get("tests").get("dropped").get("duplicate").asInt());
        assertEquals(2 * (40 + 30), s.get("tokens").asLong());
        assertEquals(2, s.get("per_task").size());
        assertEquals(r.summary().tasks(), 2);
    }

    @Test
    void tasksThatFinishOutOfOrderAreWrittenInInputOrder() throws IOException {
        Path in = dir.resolve("tasks.jsonl");
        Files.writeString(in, task("a") + "\n" + task("b") + "\n");
        // "a" answers slowly: with two tasks in flight "b" finishes first and is appended first.
        CompletionBackend slowA = new CompletionBackend() {
            @Override
            public Sampled sample(ModelRequest request, SamplingParams params) {
                if (request.text().contains("\"\"\"a\"\"\"")) {
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                List<Completion> out = new ArrayList<>();
                for (int j = 0; j < params.n(); j++) {
                    out.add(new Completion(script(request, j), "stop"));
                }
                return new Sampled(out, 10L * params.n());
            }

            @Override
            public int parallelism() {
                return 2;
            }
        };
        GenerateConfig cfg = config(2, 1, PromptStyle.BASE);
        TaskSampler sampler = new TaskSampler(cfg, TEMPLATES, null, slowA, SampleParserTest.checker());
        new CandidateGenerator(cfg, TEMPLATES, sampler, 2, (n, t) -> Progress.NONE).run(in, dir.resolve("out"));
        for (String f : List.of("candidates.jsonl", "generation_tasks.jsonl")) {
            assertEquals(List.of("a", "b"), rows(dir.resolve("out").resolve(f)).stream()
                    .map(r -> r.get("task_id").asText()).toList(), f);
        }
    }

    @Test
    void maxTasksTakesTheFirstTasksOfTheFileOnly() throws IOException {
        Path in = dir.resolve("tasks.jsonl");
        Files.writeString(in, task("a") + "\n" + task("b") + "\n" + task("c") + "\n");
        GenerateConfig d = config(2, 1, PromptStyle.BASE);
        GenerateConfig two = new GenerateConfig(null, 2, null, Backend.LOCAL, "scripted", null, null, null,
                PromptStyle.BASE, 2, 1, 0, d.temperature(), d.topP(), 64, 64, 4, 7, "code.jinja", "tests.jinja", d.stop(),
                "cpu", 1, 0, 0, 10);
        ScriptedBackend backend = new ScriptedBackend(CandidateGeneratorTest::script);
        generator(two, backend, PromptStyle.BASE).run(in, dir.resolve("out"));
        assertEquals(List.of("a", "b"), rows(dir.resolve("out/candidates.jsonl")).stream()
                .map(r -> r.get("task_id").asText()).toList());
        assertEquals(4, backend.requests.get());
    }

    @Test
    void instructTasksRecordTheChatTemplatesTextAsModelPrompt() throws IOException {
        Path in = dir.resolve("tasks.jsonl");
        Files.writeString(in, task("a") + "\n");
        ScriptedBackend backend = new ScriptedBackend((req, j) -> req.text().contains("assert")
                ? "```python\nassert add(2, 3) == 5\n```" : "```python\ndef add(a, b):\n    return a + b\n```");
        Path out = dir.resolve("out");
        generator(config(2, 1, PromptStyle.INSTRUCT), backend, PromptStyle.INSTRUCT).run(in, out);
        JsonNode a = rows(out.resolve("candidates.jsonl")).get(0);
        String user = "def add(a, b):\n    \"\"\"a\"\"\"\n";
        assertEquals("<|user|>" + user + "<|assistant|>", a.get("model_prompt").asText());
        assertEquals(List.of(ChatMessage.user(user)), backend.seen.get(0).messages());
        assertEquals("def add(a, b):\n    return a + b\n", a.get("codes").get(0).asText());
        assertEquals("```python\ndef add(a, b):\n    return a + b\n```", a.get("completions").get(0).asText());
        assertEquals(1, a.get("codes").size(), "the second sample is a duplicate");
        assertEquals("assert add(2, 3) == 5", a.get("tests").get(0).asText());
    }

    @Test
    void aKilledRunResumesWithTheFinishedTasksSkippedAndTheSameRows() throws IOException {
        Path in = dir.resolve("tasks.jsonl");
        Files.writeString(in, task("a") + "\n" + task("b") + "\n" + task("c") + "\n");
        Path whole = dir.resolve("whole");
        generator(config(4, 2, PromptStyle.BASE), new ScriptedBackend(CandidateGeneratorTest::script),
                PromptStyle.BASE).run(in, whole);

        Path part = dir.resolve("part");
        Path first = dir.resolve("first.jsonl");
        Files.writeString(first, task("a") + "\n");
        generator(config(4, 2, PromptStyle.BASE), new ScriptedBackend(CandidateGeneratorTest::script),
                PromptStyle.BASE).run(first, part);
        // killed while writing b: its candidates row is there, its log row (the commit mark) is torn
        List<JsonNode> wholeRows = rows(whole.resolve("candidates.jsonl"));
        Files.writeString(part.resolve("candidates.jsonl"), Json.line(wholeRows.get(1)) + "\n",
                StandardOpenOption.APPEND);
        Files.writeString(part.resolve("generation_tasks.jsonl"), "{\"task_id\": \"b\", \"ta",
                StandardOpenOption.APPEND);
        ScriptedBackend again = new ScriptedBackend(CandidateGeneratorTest::script);
        CandidateGenerator.Result r = generator(config(4, 2, PromptStyle.BASE), again, PromptStyle.BASE)
                .run(in, part);
        assertEquals(1, r.resumedTasks());
        assertEquals(4, again.requests.get(), "b and c only");
        assertEquals(wholeRows, rows(part.resolve("candidates.jsonl")));
        assertEquals(3, r.summary().tasks());

        InputException e = assertThrows(InputException.class, () -> generator(config(5, 2, PromptStyle.BASE),
                new ScriptedBackend(CandidateGeneratorTest::script), PromptStyle.BASE).run(in, part));
        assertTrue(e.getMessage().contains("cannot resume: num_codes was 4, now 5"), e.getMessage());
    }

    @Test
    void aBadTaskFileIsReportedByLineAndNothingIsWritten() throws IOException {
        Path in = dir.resolve("tasks.jsonl");
        Files.writeString(in, task("a") + "\n{\"task_id\": \"b\"}\n");
        Path out = dir.resolve("out");
        InputException e = assertThrows(InputException.class, () -> generator(config(2, 2, PromptStyle.BASE),
                new ScriptedBackend(CandidateGeneratorTest::script), PromptStyle.BASE).run(in, out));
        assertTrue(e.getMessage().contains("tasks.jsonl:2"), e.getMessage());
        assertTrue(e.getMessage().contains("prompt"), e.getMessage());
        assertFalse(Files.exists(out));
        Files.writeString(in, task("a") + "\n" + task("a") + "\n");
        e = assertThrows(InputException.class, () -> generator(config(2, 2, PromptStyle.BASE),
                new ScriptedBackend(CandidateGeneratorTest::script), PromptStyle.BASE).run(in, out));
        assertTrue(e.getMessage().contains("tasks.jsonl:2: duplicate task_id"), e.getMessage());
    }

    @Test
    void aTemplateNamingAnUnknownVariableIsAnErrorNamingTheTemplate() throws IOException {
        Path in = dir.resolve("tasks.jsonl");
        Files.writeString(in, task("a") + "\n");
        PromptTemplates bad = new PromptTemplates(new PromptTemplates.Template("code.jinja", "{{ promt }}"),
                TEMPLATES.tests());
        GenerateConfig cfg = config(2, 2, PromptStyle.BASE);
        CandidateGenerator g = new CandidateGenerator(cfg, bad, new TaskSampler(cfg, bad, null,
                new ScriptedBackend(CandidateGeneratorTest::script), SampleParserTest.checker()), 1,
                (n, t) -> Progress.NONE);
        InputException e = assertThrows(InputException.class, () -> g.run(in, dir.resolve("out")));
        assertTrue(e.getMessage().startsWith("code.jinja: "), e.getMessage());
        assertTrue(e.getMessage().contains("promt"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }
}
