package dev.codedpo.data.rank;

import java.util.random.RandomGenerator;

/** Ablation: scores are a random permutation, so chosen and rejected are picked at random. Tests score 0. */
public final class RandomRanker implements Ranker {
    @Override
    public Scores rank(PassMatrix links, RandomGenerator random) {
        int n = links.codes();
        double[] codes = new double[n];
        for (int i = 0; i < n; i++) {
            codes[i] = i + 1;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double tmp = codes[i];
            codes[i] = codes[j];
            codes[j] = tmp;
        }
        return new Scores(codes, new double[links.tests()]);
    }
}
