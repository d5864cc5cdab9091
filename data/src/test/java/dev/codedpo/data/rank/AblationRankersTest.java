package dev.codedpo.data.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AblationRankersTest {
    // code 0 passes everything, codes 1 and 2 pass the same two tests, code 3 passes one, code 4 nothing
    private static final PassMatrix M = PassMatrix.of(new int[][] {
        {1, 1, 1}, {1, 1, 0}, {1, 1, 0}, {0, 0, 1}, {0, 0, 0}});

    @Test
    void passCountCountsTests() {
        Scores s = new PassCountRanker().rank(M, new SplittableRandom(0));
        assertArrayEquals(new double[] {3, 2, 2, 1, 0}, s.codeScores(), 0);
        assertArrayEquals(new double[] {3, 3, 2}, s.testScores(), 0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, s.codeOrder());
    }

    @Test
    void allTestsFilterKeepsOnlyCodesPassingEverything() {
        Scores s = new AllTestsRanker().rank(M, new SplittableRandom(0));
        assertArrayEquals(new double[] {1, 0, 0, 0, 0}, s.codeScores(), 0);
        assertArrayEquals(new double[] {1, 1, 1}, s.testScores(), 0);
    }

    @Test
    void codetScoresGroupsByTestsPassedTimesSqrtOfGroupSize() {
        Scores s = new CodeTRanker().rank(M, new SplittableRandom(0));
        double pair = 2 * Math.sqrt(2);
        assertArrayEquals(new double[] {3, pair, pair, 1, 0}, s.codeScores(), 1e-12);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, s.codeOrder());
        // a group of four codes passing two tests outranks one code passing three
        PassMatrix big = PassMatrix.of(new int[][] {{1, 1, 1}, {1, 1, 0}, {1, 1, 0}, {1, 1, 0}, {1, 1, 0}});
        assertEquals(1, new CodeTRanker().rank(big, new SplittableRandom(0)).bestCode());
    }

    @Test
    void randomIsAPermutationThatDependsOnlyOnTheSeed() {
        Scores a = new RandomRanker().rank(M, new SplittableRandom(7));
        Scores b = new RandomRanker().rank(M, new SplittableRandom(7));
        assertArrayEquals(a.codeScores(), b.codeScores(), 0);
        double[] sorted = a.codeScores().clone();
        Arrays.sort(sorted);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, sorted, 0);
        boolean differs = false;
        for (long seed = 0; seed < 20 && !differs; seed++) {
            differs = !Arrays.equals(a.codeScores(), new RandomRanker().rank(M, new SplittableRandom(seed)).codeScores());
        }
        assertNotEquals(false, differs);
    }

    @Test
    void rankingNamesParseAndUnknownOnesAreRejected() {
        for (RankingKind k : RankingKind.values()) {
            assertEquals(k, RankingKind.parse(k.label()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RankingKind.parse("pagerank"));
        assertEquals("unknown ranking 'pagerank' (expected self-verify, pass-count, all-tests, codet or random)",
                e.getMessage());
    }
}
