package dev.codedpo.models.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Device;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.config.RopeScaling;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.RandomInit;
import dev.codedpo.models.score.LogProbScorer;
import dev.codedpo.models.score.SequenceScore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When the TorchScript forward pass fails (simulated by closing the compiled module), generation continues on the
 * DJL path with the same results, and the model stops offering the script.
 */
class ScriptFailureFallbackTest {
    static final List<long[]> PROMPTS = List.of(new long[] {1, 5, 9, 3}, new long[] {1, 60});

    @Test
    void aScriptThatFailsWhileDecodingIsReplacedMidCall() {
        // MLP biases: the optimised session runs over the parameters without compiling anything more, so the
        // failure happens at the first decode step rather than when the session opens.
        ModelConfig c = new ModelConfig("llama", 64, 32, 48, 2, 4, 2, 8, 1e-5, 10000.0, RopeScaling.NONE, false,
                true, true, true, 0, 128, 1, List.of(2), null);
        try (CausalLM model = RandomInit.create(c, Device.cpu(), 5)) {
            GenerationConfig cfg = GenerationConfig.greedy(12).withBatchSize(2);
            Inference inference = new Inference(model, InferencePath.SCRIPTED);
            Generator gen = new Generator(inference, null, Set.of());
            List<List<Generation>> want = gen.withPath(InferencePath.PARAMETERS).generateTokens(PROMPTS, cfg);
            assertNotNull(inference.script());
            inference.script().close();
            assertSame(want, gen.generateTokens(PROMPTS, cfg));
            assertNull(inference.script(), "a failed script is not offered again");
            assertSame(want, gen.generateTokens(PROMPTS, cfg));
        }
    }

    @Test
    void scoringFallsBackToo() {
        try (HfModel hf = HfModel.load(TestModels.stories(), Device.cpu())) {
            List<TokenizedRow> requests =
                    List.of(new TokenizedRow(new long[] {1, 5}, new long[] {9, 3}));
            Inference inference = new Inference(hf.model(), InferencePath.SCRIPTED);
            SequenceScore want = new LogProbScorer(inference, 4, 0).score(requests).get(0);
            inference.script().close();
            SequenceScore got = new LogProbScorer(inference, 4, 0).score(requests).get(0);
            assertNull(inference.script());
            assertEquals(want.sum(), got.sum(), 1e-4);
        }
    }

    @Test
    void aScriptThatCannotOpenASessionIsSkipped() {
        try (HfModel hf = HfModel.load(TestModels.stories(), Device.cpu())) {
            GenerationConfig cfg = GenerationConfig.greedy(20).withBatchSize(2);
            Inference inference = new Inference(hf.model(), InferencePath.SCRIPTED);
            Generator gen = new Generator(inference, hf.tokenizer(), Set.of());
            List<List<Generation>> want = gen.withPath(InferencePath.PARAMETERS).generateTokens(PROMPTS, cfg);
            inference.script().close();
            assertSame(want, gen.generateTokens(PROMPTS, cfg));
            assertNull(inference.script());
        }
    }

    private static void assertSame(List<List<Generation>> want, List<List<Generation>> got) {
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).get(0).tokenIds(), got.get(i).get(0).tokenIds(), "prompt " + i);
            assertEquals(want.get(i).get(0).text(), got.get(i).get(0).text());
        }
    }
}
