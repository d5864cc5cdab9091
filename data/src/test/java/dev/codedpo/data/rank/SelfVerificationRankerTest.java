package dev.codedpo.data.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelfVerificationRankerTest {
    private static final PassMatrix PAPER_FIGURE = PassMatrix.of(new int[][] {{1, 1, 0}, {1, 0, 0}, {0, 0, 0}});

    @Test
    void workedExampleOfCodedpoMdAfterOneIteration() {
        Scores s = new SelfVerificationRanker(0.5, 1, UpdateOrder.TESTS_FIRST).rank(PAPER_FIGURE, new SplittableRandom(1));
        assertArrayEquals(new double[] {1.75, 1.25, 0.5}, s.codeScores(), 0);
        assertArrayEquals(new double[] {1.5, 1.0, 0.5}, s.testScores(), 0);
    }

    @Test
    void workedExampleOfCodedpoMdAfterTwoIterations() {
        Scores s = new SelfVerificationRanker(0.5, 2, UpdateOrder.TESTS_FIRST).rank(PAPER_FIGURE, new SplittableRandom(1));
        assertArrayEquals(new double[] {2.6875, 1.75, 0.25}, s.codeScores(), 0);
        assertArrayEquals(new double[] {2.25, 1.375, 0.25}, s.testScores(), 0);
        assertArrayEquals(new int[] {0, 1, 2}, s.codeOrder());
    }

    @Test
    void simultaneousOrderUsesThePreviousTestScores() {
        Scores s = new SelfVerificationRanker(0.5, 1, UpdateOrder.SIMULTANEOUS).rank(PAPER_FIGURE, new SplittableRandom(1));
        assertArrayEquals(new double[] {1.5, 1.0, 0.5}, s.codeScores(), 0);
        assertArrayEquals(new double[] {1.5, 1.0, 0.5}, s.testScores(), 0);
    }

    @Test
    void paperSettingsOnASingleLinkByHand() {
        // one code, one test, linked: x <- 0.15 x + 0.85 x = x for tests then codes... both stay 1 only if the sum
        // equals the value; here t <- 0.15 + 0.85 * 1 = 1 and c <- 0.15 + 0.85 * 1 = 1, for every iteration.
        Scores s = new SelfVerificationRanker(0.85, 10, UpdateOrder.TESTS_FIRST)
                .rank(PassMatrix.of(new int[][] {{1}}), new SplittableRandom(1));
        assertArrayEquals(new double[] {1.0}, s.codeScores(), 1e-15);
        // an unlinked code decays as 0.15^10
        Scores d = new SelfVerificationRanker(0.85, 10, UpdateOrder.TESTS_FIRST)
                .rank(PassMatrix.of(new int[][] {{0}}), new SplittableRandom(1));
        assertArrayEquals(new double[] {Math.pow(0.15, 10)}, d.codeScores(), 1e-22);
    }

    @Test
    void aCodePassingCredibleTestsOutranksOnePassingMoreLoneTests() {
        // codes 0-3 agree on test 0 (the credible one); code 4 alone passes tests 1, 2 and 3
        PassMatrix m = PassMatrix.of(new int[][] {
            {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 1, 1}});
        Scores sv = new SelfVerificationRanker(0.85, 10, UpdateOrder.TESTS_FIRST).rank(m, new SplittableRandom(1));
        Scores pc = new PassCountRanker().rank(m, new SplittableRandom(1));
        assertTrue(sv.codeScores()[0] > sv.codeScores()[4], "self-verification trusts agreement");
        assertTrue(pc.codeScores()[4] > pc.codeScores()[0], "pass count trusts volume");
    }

    @Test
    void manyIterationsStayFiniteAndKeepTheOrder() {
        int n = 15;
        int[][] links = new int[n][n];
        for (int c = 0; c < n; c++) {
            for (int t = 0; t < n; t++) {
                links[c][t] = (c + t) % 3 == 0 || c < 5 ? 1 : 0;
            }
        }
        PassMatrix m = PassMatrix.of(links);
        Scores few = new SelfVerificationRanker(0.85, 40, UpdateOrder.TESTS_FIRST).rank(m, new SplittableRandom(1));
        Scores many = new SelfVerificationRanker(0.85, 2000, UpdateOrder.TESTS_FIRST).rank(m, new SplittableRandom(1));
        for (double v : many.codeScores()) {
            assertTrue(Double.isFinite(v) && v > 0);
        }
        assertArrayEquals(few.codeOrder(), many.codeOrder());
    }
}
