package dev.codedpo.data.rank;

import java.util.random.RandomGenerator;

/** Ablation: a code's score is the number of generated tests it passes; a test's, the number of codes passing it. */
public final class PassCountRanker implements Ranker {
    @Override
    public Scores rank(PassMatrix links, RandomGenerator random) {
        double[] codes = new double[links.codes()];
        double[] tests = new double[links.tests()];
        for (int c = 0; c < codes.length; c++) {
            codes[c] = links.passedBy(c);
        }
        for (int t = 0; t < tests.length; t++) {
            tests[t] = links.passersOf(t);
        }
        return new Scores(codes, tests);
    }
}
