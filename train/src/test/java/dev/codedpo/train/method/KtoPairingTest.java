package dev.codedpo.train.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.train.data.LabeledExample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KTO's KL rows are exactly the rotation by one within a micro-batch (TRL users' #1911, #2554: odd and size-1). */
class KtoPairingTest {
    private static LabeledExample row(long p, long c) {
        return new LabeledExample(new long[] {1, p}, new long[] {c, 2}, true);
    }

    @Test
    void promptIIsScoredWithCompletionIMinusOne() {
        List<TokenizedRow> kl = KtoObjective.mismatched(List.of(row(10, 20), row(11, 21), row(12, 22)));
        assertEquals(3, kl.size());
        assertArrayEquals(new long[] {1, 10}, kl.get(0).prompt());
        assertArrayEquals(new long[] {22, 2}, kl.get(0).response());
        assertArrayEquals(new long[] {1, 11}, kl.get(1).prompt());
        assertArrayEquals(new long[] {20, 2}, kl.get(1).response());
        assertArrayEquals(new long[] {21, 2}, kl.get(2).response());
    }

    @Test
    void aSingleRowPairsWithItself() {
        List<TokenizedRow> kl = KtoObjective.mismatched(List.of(row(10, 20)));
        assertArrayEquals(new long[] {20, 2}, kl.get(0).response());
    }
}
