package dev.codedpo.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding with the KV cache must give the logits of a full forward pass over the whole sequence. */
class KvCacheTest {
    static final long[] SEQ = {1, 5, 9, 3, 17, 33, 2, 60, 11, 4, 8, 21, 50, 13};

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
    void cachedDecodingEqualsFullForward(String name) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            int vocab = model.config().vocabSize();
            float[] full = model.forward(m.create(SEQ, new Shape(1, SEQ.length)), null, null).toFloatArray();
            // Prefill 5 tokens, then one token per call; capacity 8 forces the cache to grow on the way.
            try (KvCache cache = model.newCache(m, 1, 8)) {
                int prefill = 5;
                float[] first = model.forward(m.create(java.util.Arrays.copyOf(SEQ, prefill), new Shape(1, prefill)),
                        null, cache).toFloatArray();
                assertClose(full, 0, first, 0, prefill * vocab, name + " prefill");
                for (int t = prefill; t < SEQ.length; t++) {
                    float[] step = model.forward(m.create(new long[] {SEQ[t]}, new Shape(1, 1)), null, cache)
                            .toFloatArray();
                    assertClose(full, t * vocab, step, 0, vocab, name + " position " + t);
                }
                assertEquals(SEQ.length, cache.length());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-mistral"})
    void leftPaddedCachedBatchEqualsUnpaddedRows(String name) {
        long[] shortRow = {7, 7, 7, 40};
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            int vocab = model.config().vocabSize();
            int len = SEQ.length;
            float[] alone = model.forward(m.create(shortRow, new Shape(1, 4)), null, null).toFloatArray();
            float[] longAlone = model.forward(m.create(SEQ, new Shape(1, len)), null, null).toFloatArray();
            // Row 1 is the 4-token row left-padded to the 14-token row; decode both through the cache, one prefix
            // of 10 then single tokens; compare the last 4 positions of row 1 to the row alone.
            long[] ids = new long[2 * len];
            long[] mask = new long[2 * len];
            System.arraycopy(SEQ, 0, ids, 0, len);
            java.util.Arrays.fill(mask, 0, len, 1);
            System.arraycopy(shortRow, 0, ids, 2 * len - 4, 4);
            java.util.Arrays.fill(mask, 2 * len - 4, 2 * len, 1);
            NDArray idsArr = m.create(ids, new Shape(2, len));
            NDArray maskArr = m.create(mask, new Shape(2, len));
            try (KvCache cache = model.newCache(m, 2, len)) {
                int prefill = 11;
                NDArray out = model.forward(idsArr.get(new NDIndex(":, :{}", prefill)),
                        maskArr.get(new NDIndex(":, :{}", prefill)), cache);
                float[] rows = out.toFloatArray();
                assertClose(longAlone, 0, rows, 0, prefill * vocab, name + " row 0 prefill");
                assertClose(alone, 0, rows, (prefill + prefill - 1) * vocab, vocab, name + " row 1 first real token");
                for (int t = prefill; t < len; t++) {
                    float[] step = model.forward(idsArr.get(new NDIndex(":, {}:{}", t, t + 1)),
                            maskArr.get(new NDIndex(":, :{}", t + 1)), cache).toFloatArray();
                    assertClose(longAlone, t * vocab, step, 0, vocab, name + " row 0 position " + t);
                    assertClose(alone, (t - (len - 4)) * vocab, step, vocab, vocab, name + " row 1 position " + t);
                }
            }
        }
    }

    static void assertClose(float[] want, int wantOff, float[] got, int gotOff, int n, String what) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(want[wantOff + i] - got[gotOff + i]));
        }
        assertTrue(max < 1e-4, what + ": max difference " + max);
    }
}
