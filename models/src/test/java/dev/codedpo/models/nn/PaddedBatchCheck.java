package dev.codedpo.models.nn;

import static dev.codedpo.models.nn.FusedWeightsTest.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A padded batch decoded with the KV cache must give each row the logits of that row alone (parameter path, no
 * padding): row 0 is the parity sequence, row 1 a short row left-padded to its length. Prefill of 11 tokens, then
 * one token per step.
 */
final class PaddedBatchCheck {
    /** A forward pass under test: logits [B, T, vocab] (or [B, vocab] for one token) as a flat array. */
    interface Forward {
        float[] logits(NDArray ids, long[] hostMask, KvCache cache);
    }

    private PaddedBatchCheck() {}

    static void assertRowsAlone(CausalLM model, NDManager m, String what, Forward forward) {
        long[] seq = KvCacheTest.SEQ;
        long[] shortRow = {7, 7, 7, 40};
        int len = seq.length;
        int vocab = model.config().vocabSize();
        float[] alone = model.forward(m.create(shortRow, new Shape(1, 4)), null, null).toFloatArray();
        float[] longAlone = model.forward(m.create(seq, new Shape(1, len)), null, null).toFloatArray();
        long[] ids = new long[2 * len];
        long[] mask = new long[2 * len];
        System.arraycopy(seq, 0, ids, 0, len);
        Arrays.fill(mask, 0, len, 1);
        System.arraycopy(shortRow, 0, ids, 2 * len - 4, 4);
        Arrays.fill(mask, 2 * len - 4, 2 * len, 1);
        int prefill = 11;
        try (KvCache cache = model.newCache(m, 2, len)) {
            float[] rows = forward.logits(m.create(FusedWeightsTest.columns(ids, 2, len, 0, prefill),
                    new Shape(2, prefill)), FusedWeightsTest.columns(mask, 2, len, 0, prefill), cache);
            assertClose(longAlone, 0, rows, 0, prefill * vocab, what + " row 0 prefill");
            assertClose(alone, 0, rows, (2 * prefill - 1) * vocab, vocab, what + " row 1 first real token");
            for (int t = prefill; t < len; t++) {
                float[] step = forward.logits(m.create(FusedWeightsTest.columns(ids, 2, len, t, t + 1),
                        new Shape(2, 1)), FusedWeightsTest.columns(mask, 2, len, 0, t + 1), cache);
                assertClose(longAlone, t * vocab, step, 0, vocab, what + " row 0 position " + t);
                assertClose(alone, (t - (len - 4)) * vocab, step, vocab, vocab, what + " row 1 position " + t);
            }
        }
    }
}
