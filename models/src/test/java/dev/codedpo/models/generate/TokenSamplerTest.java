package dev.codedpo.models.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
    static final float[] LOGITS = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15),
        (float) Math.log(0.05)};

    static GenerationConfig sampling(double t, double p, int k) {
        return new GenerationConfig(1, t, p, k, 1, 0, List.of(), true, 1);
    }

    static double[] frequencies(GenerationConfig cfg, int draws) {
        TokenSampler s = new TokenSampler(cfg);
        SplittableRandom rng = new SplittableRandom(5);
        double[] f = new double[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            f[(int) s.choose(LOGITS, 0, LOGITS.length, rng).token()] += 1.0 / draws;
        }
        return f;
    }

    @Test
    void greedyPicksTheArgmaxAndReportsItsLogProb() {
        TokenSampler.Choice c = new TokenSampler(GenerationConfig.greedy(1)).choose(LOGITS, 0, 4, null);
        assertEquals(0, c.token());
        assertEquals(Math.log(0.5), c.logProb(), 1e-6);
    }

    @Test
    void plainSamplingFollowsTheDistribution() {
        double[] f = frequencies(sampling(1.0, 1.0, 0), 40_000);
        assertArrayEquals(new double[] {0.5, 0.3, 0.15, 0.05}, f, 0.01);
    }

    @Test
    void topPKeepsTheSmallestNucleusReachingP() {
        // 0.5 + 0.3 >= 0.6: only tokens 0 and 1 remain, renormalised to 0.625 / 0.375.
        assertArrayEquals(new double[] {0.625, 0.375, 0, 0}, frequencies(sampling(1.0, 0.6, 0), 40_000), 0.01);
        // 0.4 is reached by token 0 alone.
        assertArrayEquals(new double[] {1, 0, 0, 0}, frequencies(sampling(1.0, 0.4, 0), 1000), 1e-9);
    }

    @Test
    void topKAndTemperature() {
        assertArrayEquals(new double[] {0.5 / 0.8, 0.3 / 0.8, 0, 0}, frequencies(sampling(1.0, 1.0, 2), 40_000), 0.01);
        // Temperature 0.5 squares the probabilities: 0.25, 0.09, 0.0225, 0.0025 over 0.365.
        assertArrayEquals(new double[] {0.25 / 0.365, 0.09 / 0.365, 0.0225 / 0.365, 0.0025 / 0.365},
                frequencies(sampling(0.5, 1.0, 0), 40_000), 0.01);
        // The reported log-prob ignores temperature and filtering: it is the model's.
        TokenSampler.Choice c = new TokenSampler(sampling(0.5, 0.6, 1)).choose(LOGITS, 0, 4, new SplittableRandom(1));
        assertEquals(0, c.token());
        assertEquals(Math.log(0.5), c.logProb(), 1e-6);
    }

    @Test
    void topKTiesGoToTheLowerId() {
        float[] logits = {1f, 3f, 3f, -2f, 3f};
        assertArrayEquals(new int[] {1, 2}, TokenSampler.topK(logits, 0, 5, 2));
        assertArrayEquals(new int[] {0, 1, 2, 4}, TokenSampler.topK(logits, 0, 5, 4));
    }
}
