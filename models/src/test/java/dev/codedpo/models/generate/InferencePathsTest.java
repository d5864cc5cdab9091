package dev.codedpo.models.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.TestModels;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Generation gives the same samples whichever way the forward pass runs (scripted, the default; fused; parameters):
 * padded batches of prompts of different lengths, greedy and seeded sampling with several samples per prompt.
 */
class InferencePathsTest {
    static final List<long[]> PROMPTS = List.of(new long[] {1, 5, 9, 3, 17, 33}, new long[] {1, 60},
            new long[] {1, 11, 4, 8});

    @Test
    void greedyPaddedBatchIsTheSameOnEveryPath() {
        try (HfModel hf = HfModel.load(TestModels.stories(), Device.cpu())) {
            Inference inference = new Inference(hf.model(), InferencePath.SCRIPTED);
            assertNotNull(inference.script(), "the default path is the script on the PyTorch engine");
            Generator gen = new Generator(inference, hf.tokenizer(), Set.of());
            GenerationConfig cfg = GenerationConfig.greedy(24).withBatchSize(3);
            List<List<Generation>> scripted = gen.generateTokens(PROMPTS, cfg);
            for (InferencePath other : List.of(InferencePath.FUSED, InferencePath.PARAMETERS)) {
                assertSame(scripted, gen.withPath(other).generateTokens(PROMPTS, cfg), other.name());
            }
            // Rows decoded alone (no padding) agree with the padded batch.
            for (int i = 0; i < PROMPTS.size(); i++) {
                List<List<Generation>> alone = gen.generateTokens(List.of(PROMPTS.get(i)), cfg.withBatchSize(1));
                assertArrayEquals(scripted.get(i).get(0).tokenIds(), alone.get(0).get(0).tokenIds(), "row " + i);
            }
        }
    }

    @Test
    void seededSamplingIsTheSameOnEveryPath() {
        try (HfModel hf = HfModel.load(TestModels.stories(), Device.cpu())) {
            Generator gen = new Generator(hf.model(), hf.tokenizer(), Set.of());
            GenerationConfig cfg = GenerationConfig.greedy(20).withSampling(0.8, 0.95, 0).withN(3, 1234)
                    .withBatchSize(4);
            List<List<Generation>> scripted = gen.generateTokens(PROMPTS, cfg);
            assertSame(scripted, gen.withPath(InferencePath.PARAMETERS).generateTokens(PROMPTS, cfg), "parameters");
            boolean differ = false;
            for (List<Generation> samples : scripted) {
                differ |= !java.util.Arrays.equals(samples.get(0).tokenIds(), samples.get(1).tokenIds());
            }
            assertTrue(differ, "sampling at temperature 0.8 gives different samples for a prompt");
        }
    }

    private static void assertSame(List<List<Generation>> want, List<List<Generation>> got, String what) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            for (int j = 0; j < want.get(i).size(); j++) {
                Generation a = want.get(i).get(j);
                Generation b = got.get(i).get(j);
                assertArrayEquals(a.tokenIds(), b.tokenIds(), what + " prompt " + i + " sample " + j);
                assertEquals(a.text(), b.text(), what);
                for (int k = 0; k < a.logProbs().length; k++) {
                    assertEquals(a.logProbs()[k], b.logProbs()[k], 1e-4, what + " log-prob " + k);
                }
            }
        }
    }
}
