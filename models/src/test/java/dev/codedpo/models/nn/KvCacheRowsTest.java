package dev.codedpo.models.nn;

import static dev.codedpo.models.nn.KvCacheTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows joining and leaving a cache (continuous batching): caches prefilled apart, appended into one with the
 * shorter rows left-padded, then decoded together, must give each row the logits of a full forward pass over that
 * row alone; so must a row kept after the others left and the padding columns were dropped.
 */
class KvCacheRowsTest {
    static final long[] LONG = {1, 5, 9, 3, 17, 33, 2, 60};
    static final long[] SHORT = {1, 40, 7};
    static final long[] NEXT = {11, 4, 8};

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2"})
    void appendedAndRetainedRowsKeepTheirLogits(String name) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            int vocab = model.config().vocabSize();
            long[] longSeq = concat(LONG, NEXT);
            long[] shortSeq = concat(SHORT, NEXT);
            float[] longFull = model.forward(m.create(longSeq, new Shape(1, longSeq.length)), null, null)
                    .toFloatArray();
            float[] shortFull = model.forward(m.create(shortSeq, new Shape(1, shortSeq.length)), null, null)
                    .toFloatArray();
            try (KvCache a = model.newCache(m, 1, 4); KvCache b = model.newCache(m, 1, 16)) {
                model.forward(m.create(SHORT, new Shape(1, SHORT.length)), null, a);
                model.forward(m.create(LONG, new Shape(1, LONG.length)), null, b);
                a.appendRows(b);
                assertEquals(2, a.batchSize());
                assertEquals(LONG.length, a.length());
                int pad = LONG.length - SHORT.length;
                // Row 0 (short) is left-padded by `pad`; both rows take NEXT[0], then NEXT[1].
                for (int t = 0; t < 2; t++) {
                    int s = a.length() + 1;
                    long[] mask = new long[2 * s];
                    Arrays.fill(mask, 1);
                    Arrays.fill(mask, 0, pad, 0);
                    float[] logits = model.logits(model.hiddenStatesWithHostMask(
                            m.create(new long[] {NEXT[t], NEXT[t]}, new Shape(2, 1)), mask, a)).toFloatArray();
                    assertClose(shortFull, (SHORT.length + t) * vocab, logits, 0, vocab, name + " short row " + t);
                    assertClose(longFull, (LONG.length + t) * vocab, logits, vocab, vocab, name + " long row " + t);
                }
                // The long row leaves; the padding columns of the short row go with it.
                a.retainRows(new int[] {0}, pad);
                assertEquals(1, a.batchSize());
                assertEquals(SHORT.length + 2, a.length());
                float[] last = model.forward(m.create(new long[] {NEXT[2]}, new Shape(1, 1)), null, a).toFloatArray();
                assertClose(shortFull, (SHORT.length + 2) * vocab, last, 0, vocab, name + " short row alone");
                assertThrows(IllegalArgumentException.class, () -> a.retainRows(new int[] {1}, 0));
            }
        }
    }

    private static long[] concat(long[] x, long[] y) {
        long[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
