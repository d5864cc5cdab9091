package dev.codedpo.data.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spearman against values computed by hand (scipy.stats.spearmanr gives the same), and the ablation on a known task. */
class RankingAgreementTest {
    @Test
    void spearmanWithTiesMatchesHandComputedValues() {
        assertEquals(1.0, Spearman.of(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40}), 1e-12);
        assertEquals(-1.0, Spearman.of(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
        // ranks x: 1.5 1.5 3 4; y: 1 2 3 4 -> r = 0.9486832980505138 (scipy.stats.spearmanr)
        assertEquals(0.9486832980505138, Spearman.of(new double[] {5, 5, 6, 7}, new double[] {1, 2, 3, 4}), 1e-12);
        // A binary truth: codes 0 and 2 correct, scores 0.9 0.1 0.8 0.2 -> ranks 4 1 3 2 vs 3.5 1.5 3.5 1.5
        assertEquals(0.8944271909999159, Spearman.of(new double[] {0.9, 0.1, 0.8, 0.2}, new double[] {1, 0, 1, 0}),
                1e-12);
        assertTrue(Double.isNaN(Spearman.of(new double[] {1, 1, 1}, new double[] {0, 1, 0})));
    }

    @Test
    void selfVerificationBeatsPassCountWhereWrongCodesPassWrongTests() {
        // Codes 0-1 correct; codes 2-4 share a bug and pass three wrong tests that agree with it; the two right tests
        // are passed only by the correct codes. Pass count favours the buggy majority; all-tests cannot separate.
        boolean[][] pass = {
                {true, true, false, false, false},
                {true, true, false, false, false},
                {false, false, true, true, true},
                {false, false, true, true, true},
                {false, false, true, true, true}};
        boolean[] truth = {true, true, false, false, false};
        Map<RankingKind, RankingAgreement.Result> r = RankingAgreement.measure(
                List.of(new RankingAgreement.Task("t", new PassMatrix(pass), truth)), 0.85, 10,
                UpdateOrder.TESTS_FIRST, 1);
        assertTrue(r.get(RankingKind.PASS_COUNT).meanSpearman() < 0, r.toString());
        assertEquals(0.0, r.get(RankingKind.ALL_TESTS).meanSpearman(), 1e-12, r.toString());
        assertEquals(1, r.get(RankingKind.SELF_VERIFY).tasks());
    }

    @Test
    void tasksWithoutBothKindsOfCodeAreLeftOut() {
        boolean[][] pass = {{true}, {false}};
        Map<RankingKind, RankingAgreement.Result> r = RankingAgreement.measure(
                List.of(new RankingAgreement.Task("all-right", new PassMatrix(pass), new boolean[] {true, true})),
                0.85, 10, UpdateOrder.TESTS_FIRST, 1);
        assertEquals(0, r.get(RankingKind.CODET).tasks());
        assertTrue(Double.isNaN(r.get(RankingKind.CODET).meanSpearman()));
    }
}
