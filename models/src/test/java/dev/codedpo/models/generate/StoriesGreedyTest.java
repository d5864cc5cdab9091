package dev.codedpo.models.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.TestModels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * stories260K (a real pretrained Llama-architecture model) must reproduce the text documented for the original
 * llama2.c model when decoding greedily from BOS, token for token.
 */
class StoriesGreedyTest {
    /** ../shared/models/SOURCES.md: greedy decoding from the BOS token alone begins with this. */
    static final String DOCUMENTED = "Once upon a time, there was a little girl named Lily. She loved to play outside"
            + " in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high";

    static HfModel hf;

    @BeforeAll
    static void load() {
        hf = HfModel.load(TestModels.stories(), Device.cpu());
    }

    @AfterAll
    static void close() {
        hf.close();
    }

    @Test
    void tokenizerRoundTripsTheDocumentedText() {
        long[] ids = hf.tokenizer().encode(DOCUMENTED, false);
        assertEquals(60, ids.length);
        assertEquals(DOCUMENTED, hf.tokenizer().decode(ids, true));
        long[] withBos = hf.tokenizer().encode(DOCUMENTED, true);
        assertEquals(1, withBos[0]);
        assertArrayEquals(ids, Arrays.copyOfRange(withBos, 1, withBos.length));
        assertEquals(1L, hf.tokenizer().specialTokens().bosId());
        assertEquals(2L, hf.tokenizer().specialTokens().eosId());
    }

    @Test
    void greedyFromBosReproducesTheDocumentedTextTokenForToken() {
        long[] expected = hf.tokenizer().encode(DOCUMENTED, false);
        for (boolean cache : new boolean[] {true, false}) {
            Generation g = new Generator(hf).generateTokens(List.of(new long[] {1}),
                    GenerationConfig.greedy(64).withCache(cache)).get(0).get(0);
            assertArrayEquals(expected, Arrays.copyOf(g.tokenIds(), 60), "cache=" + cache);
            assertTrue(g.text().startsWith(DOCUMENTED), g.text());
            assertEquals("length", g.finishReason());
            assertEquals(64, g.logProbs().length);
            for (float lp : g.logProbs()) {
                assertTrue(lp <= 0 && lp > -20, "log-prob " + lp);
            }
        }
    }

    @Test
    void emptyPromptTextStartsFromBos() {
        Generation g = new Generator(hf).generate(List.of(""), GenerationConfig.greedy(60)).get(0).get(0);
        assertEquals(DOCUMENTED, g.text());
    }

    @Test
    void stopStringCutsTheTextAndEndsTheSample() {
        Generation g = new Generator(hf).generate(List.of(""),
                GenerationConfig.greedy(60).withStop(List.of(" park"))).get(0).get(0);
        assertEquals("stop", g.finishReason());
        assertEquals("Once upon a time, there was a little girl named Lily. She loved to play outside in the",
                g.text());
        // The sample ends with the token that completed the stop string.
        String through = hf.tokenizer().decode(g.tokenIds(), true);
        assertTrue(through.endsWith(" park"), through);
    }

    @Test
    void eosEndsTheSampleAndIsLeftOutOfTheText() {
        long period = hf.tokenizer().encode(".", false)[hf.tokenizer().encode(".", false).length - 1];
        Generator g = new Generator(hf.model(), hf.tokenizer(), java.util.Set.of(period));
        Generation out = g.generate(List.of(""), GenerationConfig.greedy(60)).get(0).get(0);
        assertEquals("eos", out.finishReason());
        assertEquals("Once upon a time, there was a little girl named Lily", out.text());
        assertEquals(period, out.tokenIds()[out.tokenIds().length - 1]);
    }

    @Test
    void continuationTextKeepsItsLeadingSpace() {
        Generation g = new Generator(hf).generate(List.of("Once upon a time, there was a little girl"),
                GenerationConfig.greedy(3)).get(0).get(0);
        assertEquals(" named Lily.", g.text());
    }

    @Test
    void batchedLeftPaddedPromptsMatchSinglePromptGeneration() {
        List<String> prompts = List.of("Once upon a time", "Lily", "The big red ball was");
        GenerationConfig cfg = GenerationConfig.greedy(20).withBatchSize(3);
        List<List<Generation>> batched = new Generator(hf).generate(prompts, cfg);
        for (int i = 0; i < prompts.size(); i++) {
            Generation alone = new Generator(hf).generate(List.of(prompts.get(i)), cfg.withBatchSize(1)).get(0).get(0);
            assertArrayEquals(alone.tokenIds(), batched.get(i).get(0).tokenIds(), prompts.get(i));
            for (int t = 0; t < alone.logProbs().length; t++) {
                assertEquals(alone.logProbs()[t], batched.get(i).get(0).logProbs()[t], 1e-4);
            }
        }
    }

    @Test
    void seededSamplingIsReproducibleAndIndependentOfBatching() {
        GenerationConfig cfg = GenerationConfig.greedy(30).withSampling(1.0, 0.9, 40).withN(4, 1234);
        List<Generation> a = new Generator(hf).generate(List.of("Lily"), cfg.withBatchSize(4)).get(0);
        List<Generation> b = new Generator(hf).generate(List.of("Lily"), cfg.withBatchSize(1)).get(0);
        List<Generation> c = new Generator(hf).generate(List.of("Lily"), cfg.withN(4, 99)).get(0);
        for (int j = 0; j < 4; j++) {
            assertArrayEquals(a.get(j).tokenIds(), b.get(j).tokenIds(), "sample " + j);
        }
        long distinct = a.stream().map(g -> Arrays.toString(g.tokenIds())).distinct().count();
        assertTrue(distinct > 1, "4 samples at temperature 1 should not all be identical");
        boolean differs = false;
        for (int j = 0; j < 4; j++) {
            differs |= !Arrays.equals(a.get(j).tokenIds(), c.get(j).tokenIds());
        }
        assertTrue(differs, "another seed should give other samples");
    }
}
