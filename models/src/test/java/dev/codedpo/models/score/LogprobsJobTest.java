package dev.codedpo.models.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.TestModels;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogprobsJobTest {
    @TempDir
    Path tmp;

    @Test
    void writesOneRowPerInputInOrderWithIds() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, Json.line(Map.of("id", "a", "prompt", "Once upon a time,", "response", " there was a little girl"))
                + "\n" + Json.line(Map.of("prompt", "Lily", "response", " went to the park to play with her ball."))
                + "\n");
        try (HfModel hf = HfModel.load(TestModels.stories(), Device.cpu())) {
            StringWriter out = new StringWriter();
            long n = new LogprobsJob(new LogProbScorer(hf.model(), 4, 0), hf.tokenizer()).run(in, out);
            assertEquals(2, n);
            String[] lines = out.toString().split("\n");
            assertEquals(2, lines.length);
            JsonNode a = Json.MAPPER.readTree(lines[0]);
            JsonNode b = Json.MAPPER.readTree(lines[1]);
            assertEquals("a", a.get("id").asText());
            assertTrue(!b.has("id"));
            // Same numbers as the scorer API on the same text.
            SequenceScore direct = new LogProbScorer(hf.model(), 1, 0).score(List.of(
                    LogProbScorer.tokenize(hf.tokenizer(), "Once upon a time,", " there was a little girl"))).get(0);
            assertEquals(direct.nTokens(), a.get("n_tokens").asInt());
            assertEquals(direct.sum(), a.get("sum").asDouble(), 1e-4);
            assertEquals(direct.mean(), a.get("mean").asDouble(), 1e-5);
            assertEquals(direct.nTokens(), a.get("per_token").size());
            double sum = 0;
            for (JsonNode v : b.get("per_token")) {
                assertTrue(v.asDouble() <= 0);
                sum += v.asDouble();
            }
            assertEquals(sum, b.get("sum").asDouble(), 1e-4);
            // The trained story model finds its documented continuation very likely. The response is scored as the
            // tail of the joint encoding (TRL's rule), so it is written as it follows the prompt, space included.
            assertTrue(a.get("mean").asDouble() > -1.0, a.toString());
        }
    }

    @Test
    void aRowWithoutResponseIsAnErrorNamingTheLine() throws Exception {
        Path in = tmp.resolve("bad.jsonl");
        Files.writeString(in, Json.line(Map.of("prompt", "x", "response", "y")) + "\n"
                + Json.line(Map.of("prompt", "x")) + "\n");
        try (HfModel hf = HfModel.load(TestModels.stories(), Device.cpu())) {
            InputException e = assertThrows(InputException.class, () ->
                    new LogprobsJob(new LogProbScorer(hf.model(), 4, 0), hf.tokenizer()).run(in, new StringWriter()));
            assertTrue(e.getMessage().startsWith(in + ":2:"), e.getMessage());
            assertTrue(e.getMessage().contains("response"), e.getMessage());
        }
    }
}
