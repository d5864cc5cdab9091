package dev.codedpo.data.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.codedpo.data.rank.Scores;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairSelectorsTest {
    private static final List<String> CODES = List.of("a", "b", "c", "d", "e");

    @Test
    void bestAgainstWorstThenSecondBestAgainstSecondWorst() {
        Scores s = new Scores(new double[] {5, 9, 1, 7, 3}, new double[0]);
        assertEquals(List.of(new IndexPair(1, 2)), new CorrectnessPairSelector(new PairRules(1, 0, 1.2)).select(s, CODES));
        assertEquals(List.of(new IndexPair(1, 2), new IndexPair(3, 4)),
                new CorrectnessPairSelector(new PairRules(2, 0, 1.2)).select(s, CODES));
        // five codes give at most two disjoint best/worst pairs
        assertEquals(2, new CorrectnessPairSelector(new PairRules(5, 0, 1.2)).select(s, CODES).size());
    }

    @Test
    void equalScoresGiveNoPairAndTheGapIsRelativeToTheTopScore() {
        Scores flat = new Scores(new double[] {2, 2, 2, 2, 2}, new double[0]);
        assertEquals(List.of(), new CorrectnessPairSelector(new PairRules(3, 0, 1.2)).select(flat, CODES));
        Scores s = new Scores(new double[] {10, 9, 8, 7, 6}, new double[0]);
        // gap best-worst = (10-6)/10 = 0.4; second pair (9-7)/10 = 0.2
        assertEquals(1, new CorrectnessPairSelector(new PairRules(2, 0.3, 1.2)).select(s, CODES).size());
        assertEquals(0, new CorrectnessPairSelector(new PairRules(2, 0.41, 1.2)).select(s, CODES).size());
        assertEquals(2, new CorrectnessPairSelector(new PairRules(2, 0.2, 1.2)).select(s, CODES).size());
    }

    @Test
    void identicalCodeTextsAreNotPaired() {
        Scores s = new Scores(new double[] {3, 1}, new double[0]);
        assertEquals(List.of(), new CorrectnessPairSelector(new PairRules(1, 0, 1.2))
                .select(s, List.of("x = 1\n", "x = 1")));
    }

    @Test
    void efficiencyPairNeedsSpeedupAndNonOverlappingTimings() {
        EfficiencyPairSelector sel = new EfficiencyPairSelector(new PairRules(1, 0, 1.2));
        CodeTiming fast = timing(0, 1.0, 0.9, 1.1);
        CodeTiming slow = timing(1, 2.0, 1.8, 2.2);
        assertEquals(List.of(new IndexPair(0, 1)), sel.select(List.of(slow, fast), CODES));
        // 1.5x on medians but the repeats overlap: noise, no pair
        CodeTiming noisy = timing(2, 1.5, 1.05, 2.0);
        assertEquals(List.of(), sel.select(List.of(fast, noisy), CODES));
        // clean separation but only 1.1x: below the threshold
        CodeTiming close = timing(3, 1.1, 1.101, 1.2);
        assertEquals(List.of(), sel.select(List.of(timing(0, 1.0, 0.99, 1.0), close), CODES));
        // fewer than two timed codes: nothing to compare
        assertEquals(List.of(), sel.select(List.of(fast), CODES));
    }

    private static CodeTiming timing(int code, double median, double min, double max) {
        return new CodeTiming(code, median, min, max, new double[] {min, median, max});
    }
}
