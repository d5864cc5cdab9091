package dev.codedpo.data.rank;

import java.util.random.RandomGenerator;

/**
 * CodeDPO's PageRank-like self-verification on the code-test bipartite graph. All scores start at 1; per iteration
 * {@code t <- (1-d) t + d * sum_c c*Link(c,t)} and {@code c <- (1-d) c + d * sum_t t*Link(c,t)}.
 *
 * <p>Values grow geometrically and are not normalised (the paper uses only the order). Because each update is linear
 * and homogeneous, multiplying both vectors by one power of two keeps every later value proportional and every
 * order identical; that is done only when values approach overflow, so ordinary runs report the paper's raw values.
 */
public final class SelfVerificationRanker implements Ranker {
    private static final double RESCALE_ABOVE = 0x1p600;

    private final double damping;
    private final int iterations;
    private final UpdateOrder order;

    public SelfVerificationRanker(double damping, int iterations, UpdateOrder order) {
        if (!(damping >= 0 && damping <= 1)) {
            throw new IllegalArgumentException("damping must be in [0, 1], got " + damping);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        this.damping = damping;
        this.iterations = iterations;
        this.order = order;
    }

    @Override
    public Scores rank(PassMatrix links, RandomGenerator random) {
        double[] codes = ones(links.codes());
        double[] tests = ones(links.tests());
        for (int it = 0; it < iterations; it++) {
            double[] newTests = updateTests(links, codes, tests);
            double[] codeSource = order == UpdateOrder.TESTS_FIRST ? newTests : tests;
            codes = updateCodes(links, codes, codeSource);
            tests = newTests;
            rescaleIfHuge(codes, tests);
        }
        return new Scores(codes, tests);
    }

    private double[] updateTests(PassMatrix links, double[] codes, double[] tests) {
        double[] out = new double[tests.length];
        for (int t = 0; t < tests.length; t++) {
            double sum = 0;
            for (int c = 0; c < codes.length; c++) {
                if (links.passes(c, t)) {
                    sum += codes[c];
                }
            }
            out[t] = (1 - damping) * tests[t] + damping * sum;
        }
        return out;
    }

    private double[] updateCodes(PassMatrix links, double[] codes, double[] tests) {
        double[] out = new double[codes.length];
        for (int c = 0; c < codes.length; c++) {
            double sum = 0;
            for (int t = 0; t < tests.length; t++) {
                if (links.passes(c, t)) {
                    sum += tests[t];
                }
            }
            out[c] = (1 - damping) * codes[c] + damping * sum;
        }
        return out;
    }

    private static void rescaleIfHuge(double[] codes, double[] tests) {
        double max = 0;
        for (double v : codes) {
            max = Math.max(max, v);
        }
        for (double v : tests) {
            max = Math.max(max, v);
        }
        if (max > RESCALE_ABOVE) {
            int shift = -Math.getExponent(max);
            for (int i = 0; i < codes.length; i++) {
                codes[i] = Math.scalb(codes[i], shift);
            }
            for (int i = 0; i < tests.length; i++) {
                tests[i] = Math.scalb(tests[i], shift);
            }
        }
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0);
        return v;
    }
}
