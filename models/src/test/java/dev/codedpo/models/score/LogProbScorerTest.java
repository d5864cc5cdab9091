package dev.codedpo.models.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.generate.Inference;
import dev.codedpo.models.generate.InferencePath;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.Linear;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogProbScorerTest {
    static final List<TokenizedRow> REQUESTS = List.of(
            new TokenizedRow(new long[] {1, 5, 9}, new long[] {3, 17, 33, 2, 60, 11, 4}),
            new TokenizedRow(new long[] {7}, new long[] {7, 7, 40}),
            new TokenizedRow(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new long[] {10}),
            new TokenizedRow(new long[] {1, 42}, new long[] {}),
            new TokenizedRow(new long[] {}, new long[] {42, 43, 44}));

    @Test
    void scoresEqualLogSoftmaxOfTheReferenceLogits() throws Exception {
        // Sequence 0 of the golden file is prompt [1, 5, 9] + response [3, 17, 33, 2, 60, 11, 4, ...].
        JsonNode golden = Json.MAPPER.readTree(Files.readString(TestModels.parity("tiny-qwen2")
                .resolve("golden_logits.json")));
        JsonNode seq = golden.get("sequences").get(0);
        JsonNode logits = golden.get("logits").get(0);
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-qwen2"), Device.cpu())) {
            SequenceScore s = new LogProbScorer(model, 4, 0).score(List.of(REQUESTS.get(0))).get(0);
            assertEquals(7, s.nTokens());
            double sum = 0;
            for (int k = 0; k < 7; k++) {
                int pos = 2 + k;
                JsonNode row = logits.get(pos);
                double max = Double.NEGATIVE_INFINITY;
                for (JsonNode v : row) {
                    max = Math.max(max, v.asDouble());
                }
                double z = 0;
                for (JsonNode v : row) {
                    z += Math.exp(v.asDouble() - max);
                }
                double want = row.get(seq.get(pos + 1).asInt()).asDouble() - max - Math.log(z);
                assertEquals(want, s.perToken()[k], 1e-4, "token " + k);
                assertEquals(seq.get(pos + 1).asLong(), s.tokenIds()[k]);
                sum += want;
            }
            assertEquals(sum, s.sum(), 1e-4);
            assertEquals(sum / 7, s.mean(), 1e-5);
        }
    }

    @Test
    void maskedSumOfTokenLogProbsGivesTheScorersSums() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu());
             ai.djl.ndarray.NDManager step = model.manager().newSubManager()) {
            // Right-padded batch of requests 0 and 1: inputs = full[:-1], targets = full[1:], response positions 1.
            long[][] full = {{1, 5, 9, 3, 17, 33, 2, 60, 11, 4}, {7, 7, 7, 40}};
            int[] promptLen = {3, 1};
            int t = 9;
            long[] in = new long[2 * t];
            long[] tg = new long[2 * t];
            long[] attn = new long[2 * t];
            float[] mask = new float[2 * t];
            for (int r = 0; r < 2; r++) {
                for (int j = 0; j + 1 < full[r].length; j++) {
                    in[r * t + j] = full[r][j];
                    tg[r * t + j] = full[r][j + 1];
                    attn[r * t + j] = 1;
                    mask[r * t + j] = j >= promptLen[r] - 1 ? 1f : 0f;
                }
            }
            ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(2, t);
            float[] sums = TokenLogProbs.maskedSum(TokenLogProbs.of(model.forward(step.create(in, shape),
                    step.create(attn, shape), null), step.create(tg, shape)), mask).toFloatArray();
            List<SequenceScore> want = new LogProbScorer(model, 2, 0).score(REQUESTS.subList(0, 2));
            assertEquals(want.get(0).sum(), sums[0], 1e-4);
            assertEquals(want.get(1).sum(), sums[1], 1e-4);
        }
    }

    @Test
    void oneBatchedPaddedCallEqualsUnpaddedSingleCalls() {
        for (String name : List.of("tiny-llama", "tiny-qwen2", "tiny-mistral")) {
            try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu())) {
                List<SequenceScore> batched = new LogProbScorer(model, 8, 0).score(REQUESTS);
                List<SequenceScore> single = new ArrayList<>();
                for (TokenizedRow r : REQUESTS) {
                    single.add(new LogProbScorer(model, 1, 0).score(List.of(r)).get(0));
                }
                for (int i = 0; i < REQUESTS.size(); i++) {
                    SequenceScore a = batched.get(i);
                    SequenceScore b = single.get(i);
                    assertEquals(b.nTokens(), a.nTokens());
                    assertArrayEquals(b.tokenIds(), a.tokenIds());
                    assertEquals(b.sum(), a.sum(), 1e-4, name + " row " + i);
                    for (int k = 0; k < a.nTokens(); k++) {
                        assertEquals(b.perToken()[k], a.perToken()[k], 1e-4, name + " row " + i + " token " + k);
                    }
                }
                assertEquals(0, batched.get(3).nTokens());
                // With no prompt tokens the first response token cannot be scored.
                assertEquals(2, batched.get(4).nTokens());
            }
        }
    }

    /** Scoring runs through the script when it can; a Linear hook forces the DJL path, which must agree. */
    @Test
    void scriptedScoringEqualsTheParameterPath() {
        for (String name : List.of("tiny-llama", "tiny-qwen2", "tiny-mistral")) {
            try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu())) {
                Inference inference = new Inference(model, InferencePath.SCRIPTED);
                assertNotNull(inference.script());
                List<SequenceScore> scripted = new LogProbScorer(inference, 8, 0).score(REQUESTS);
                model.setLinear((n, x, w, b) -> Linear.PLAIN.apply(n, x, w, b));
                List<SequenceScore> plain = new LogProbScorer(model, 8, 0).score(REQUESTS);
                for (int i = 0; i < REQUESTS.size(); i++) {
                    assertEquals(plain.get(i).nTokens(), scripted.get(i).nTokens());
                    for (int k = 0; k < plain.get(i).nTokens(); k++) {
                        assertEquals(plain.get(i).perToken()[k], scripted.get(i).perToken()[k], 1e-5,
                                name + " row " + i + " token " + k);
                    }
                }
            }
        }
    }
}
