package dev.codedpo.data.rank;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Ablation: trust every generated test; a code scores 1 iff it passes all of them, else 0. Tests all score 1. */
public final class AllTestsRanker implements Ranker {
    @Override
    public Scores rank(PassMatrix links, RandomGenerator random) {
        double[] codes = new double[links.codes()];
        for (int c = 0; c < codes.length; c++) {
            codes[c] = links.passedBy(c) == links.tests() ? 1 : 0;
        }
        double[] tests = new double[links.tests()];
        Arrays.fill(tests, 1.0);
        return new Scores(codes, tests);
    }
}
