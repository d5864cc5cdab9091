package dev.codedpo.data.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.SandboxLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Candidates written by {@code codedpo generate} carry the model's prompt and raw completions: the training rows
 * must pair exactly those (what the model saw, what it wrote), not the task prompt and the built programs.
 */
class GeneratedCandidatesPairsTest {
    @TempDir
    Path dir;

    private static Map<String, Object> row(boolean withCompletions) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("task_id", "g/1");
        r.put("prompt", "task text");
        r.put("codes", List.of("a|0.01", "b|0.03", "c|0.01", "d|0.01"));
        r.put("tests", List.of("t1:a,b", "t2:a,b", "t3:c"));
        if (withCompletions) {
            r.put("model_prompt", "<user>task text</user>");
            r.put("completions", List.of("raw-a", "raw-b", "raw-c", "raw-d"));
        }
        return r;
    }

    private Path build(Map<String, Object> row) throws IOException {
        Path in = dir.resolve("candidates-" + row.size() + ".jsonl");
        Files.writeString(in, Json.line(row) + "\n");
        Path out = dir.resolve("out-" + row.size());
        new PairBuilder(PairsConfig.defaults(), new ScriptedExecutor(), SandboxLimits.defaults(),
                (n, t) -> Progress.NONE).run(in, out);
        return out;
    }

    @Test
    void pairsKtoAndSftUseTheModelPromptAndTheRawCompletions() throws IOException {
        Path out = build(row(true));
        List<JsonNode> pairs = PairBuilderTest.rows(out.resolve("pairs.jsonl"));
        assertEquals(2, pairs.size());
        for (JsonNode p : pairs) {
            assertEquals("<user>task text</user>", p.get("prompt").asText());
        }
        JsonNode correctness = pairs.get(0);
        assertEquals("correctness", correctness.get("kind").asText());
        assertEquals("raw-a", correctness.get("chosen").asText());
        assertEquals("raw-d", correctness.get("rejected").asText());
        assertEquals("raw-b", pairs.get(1).get("rejected").asText());
        List<JsonNode> kto = PairBuilderTest.rows(out.resolve("kto.jsonl"));
        assertEquals(List.of("raw-a", "raw-d"), kto.stream().map(k -> k.get("completion").asText()).toList());
        assertTrue(kto.stream().allMatch(k -> k.get("prompt").asText().equals("<user>task text</user>")));
        JsonNode sft = PairBuilderTest.rows(out.resolve("sft.jsonl")).get(0);
        assertEquals("<user>task text</user>", sft.get("prompt").asText());
        assertEquals("raw-a", sft.get("completion").asText());
    }

    @Test
    void withoutThemTheTaskPromptAndTheCodesAreUsedAsBefore() throws IOException {
        Path out = build(row(false));
        JsonNode p = PairBuilderTest.rows(out.resolve("pairs.jsonl")).get(0);
        assertEquals("task text", p.get("prompt").asText());
        assertEquals("a|0.01", p.get("chosen").asText());
        assertEquals("d|0.01", p.get("rejected").asText());
    }

    @Test
    void completionsThatDoNotMatchTheCodesAreAnInputErrorWithItsLine() throws IOException {
        Map<String, Object> bad = row(true);
        bad.put("completions", List.of("raw-a"));
        Path in = dir.resolve("bad.jsonl");
        Files.writeString(in, Json.line(row(false)) .replace("g/1", "g/0") + "\n" + Json.line(bad) + "\n");
        InputException e = assertThrows(InputException.class, () -> new PairBuilder(PairsConfig.defaults(),
                new ScriptedExecutor(), SandboxLimits.defaults(), (n, t) -> Progress.NONE).run(in,
                dir.resolve("never")));
        assertTrue(e.getMessage().contains("bad.jsonl:2"), e.getMessage());
        assertTrue(e.getMessage().contains("1 entries for 4 codes"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("never")));
        Map<String, Object> lone = row(true);
        lone.remove("model_prompt");
        Files.writeString(in, Json.line(lone) + "\n");
        e = assertThrows(InputException.class, () -> new PairBuilder(PairsConfig.defaults(),
                new ScriptedExecutor(), SandboxLimits.defaults(), (n, t) -> Progress.NONE).run(in,
                dir.resolve("never")));
        assertTrue(e.getMessage().contains("needs \"model_prompt\""), e.getMessage());
    }
}
