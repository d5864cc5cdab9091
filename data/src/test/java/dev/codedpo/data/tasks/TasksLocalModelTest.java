package dev.codedpo.data.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.generate.Backend;
import dev.codedpo.data.generate.LocalBackend;
import dev.codedpo.data.generate.PromptTemplates;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.generate.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend on the bundled stories260K model, which writes stories, not code: counts and formats only.
 * Every snippet gets one answer row; every answer is accounted for as a task or a drop reason; the same seed gives
 * the same answers.
 */
class TasksLocalModelTest {
    @TempDir
    Path dir;

    @Test
    void everySnippetIsAnsweredAndCountedAndTheSeedFixesTheAnswers() throws IOException {
        Path seeds = dir.resolve("seeds");
        Files.createDirectories(seeds);
        Files.writeString(seeds.resolve("a.py"), SnippetExtractorTest.UTIL);
        Files.writeString(seeds.resolve("b.py"), SnippetExtractorTest.GEOM);
        TasksConfig d = TasksConfig.defaults();
        TasksConfig cfg = new TasksConfig(null, null, Backend.LOCAL, "stories260K", null, null, null,
                PromptStyle.BASE, "t.jinja", 1.0, 0.95, 12, 3, d.stop(), "cpu", 1, 0, 0, 10, 3, 4000, 5, 0.7, 0.7,
                List.of("humaneval"), 10, 1, "oss");
        PromptTemplates.Template template = new PromptTemplates.Template("t.jinja", "Once upon a time {{ source }}");
        try (HfModel model = HfModel.load(Path.of("").toAbsolutePath().getParent()
                .resolve("models/src/test/resources/stories260K"), Device.cpu())) {
            for (String out : List.of("one", "two")) {
                TasksSummary s = new TaskCreator(cfg, template, null, new LocalBackend(new Generator(model), 1),
                        TestPool.ast(), (n, t) -> Progress.NONE).run(seeds, dir.resolve(out));
                assertEquals(3, s.sampled());
                int droppedAnswers = s.dropped().entrySet().stream()
                        .filter(e -> !e.getKey().startsWith("snippet_") && !e.getKey().startsWith("file_")
                                && !e.getKey().equals("near_duplicate_snippet"))
                        .mapToInt(e -> e.getValue()).sum();
                assertEquals(3, droppedAnswers + s.tasksWritten(), s.toString());
                assertEquals(1, s.dropped().get("snippet_too_short"));
            }
        }
        List<JsonNode> one = rows(dir.resolve("one/task_snippets.jsonl"));
        assertEquals(3, one.size());
        for (JsonNode r : one) {
            assertEquals(List.of("completion", "finish_reason", "request", "snippet_id", "source", "tokens"),
                    sortedNames(r));
            assertEquals(true, r.get("tokens").asLong() >= 1 && r.get("tokens").asLong() <= 12, r.toString());
        }
        assertEquals(one, rows(dir.resolve("two/task_snippets.jsonl")), "the same seed, the same answers");
        for (JsonNode t : rows(dir.resolve("one/tasks.jsonl"))) {
            assertEquals(List.of("entry_point", "model", "prompt", "seed", "source", "task_id"), sortedNames(t));
        }
    }

    static List<String> sortedNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    static List<JsonNode> rows(Path p) {
        List<JsonNode> out = new ArrayList<>();
        new JsonlReader(p).forEach(r -> out.add(r.node()));
        return out;
    }
}
