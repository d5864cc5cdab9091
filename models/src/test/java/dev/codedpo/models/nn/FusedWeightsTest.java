package dev.codedpo.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused inference path (stacked q/k/v and gate/up, folded norms, one rotary op) must give the logits of the
 * parameter path within 1e-5, with and without the KV cache and with padding, and must stay out of the way of
 * training (gradient recording) and of Linear hooks (LoRA).
 */
class FusedWeightsTest {
    static final long[] SEQ = KvCacheTest.SEQ;
    static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
    void fusedFullForwardEqualsParameterPath(String name) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(SEQ, new Shape(1, SEQ.length));
            float[] plain = model.forward(ids, null, null).toFloatArray();
            float[] fused;
            try (FusedWeights f = FusedWeights.build(model)) {
                fused = f.logits(f.hiddenStates(ids, null, null)).toFloatArray();
            }
            assertClose(plain, 0, fused, 0, plain.length, name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
    void fusedCachedDecodingEqualsUnfusedFullForward(String name) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            int vocab = model.config().vocabSize();
            float[] full = model.forward(m.create(SEQ, new Shape(1, SEQ.length)), null, null).toFloatArray();
            try (FusedWeights f = FusedWeights.build(model);
                 KvCache cache = model.newCache(m, 1, 8)) {
                int prefill = 5;
                float[] first = f.logits(f.hiddenStates(m.create(Arrays.copyOf(SEQ, prefill),
                        new Shape(1, prefill)), null, cache)).toFloatArray();
                assertClose(full, 0, first, 0, prefill * vocab, name + " prefill");
                for (int t = prefill; t < SEQ.length; t++) {
                    float[] step = f.logits(f.hiddenStates(m.create(new long[] {SEQ[t]}, new Shape(1, 1)), null,
                            cache)).toFloatArray();
                    assertClose(full, t * vocab, step, 0, vocab, name + " position " + t);
                }
                assertEquals(SEQ.length, cache.length());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
    void fusedPaddedCachedBatchEqualsUnfusedRowsAlone(String name) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager();
             FusedWeights f = FusedWeights.build(model)) {
            PaddedBatchCheck.assertRowsAlone(model, m, name, (ids, mask, cache) ->
                    f.logits(f.hiddenStates(ids, mask, cache)).toFloatArray());
        }
    }

    /** The copies are taken once: a parameter changed while the handle is open does not reach them. */
    @Test
    void copiesDoNotFollowLaterParameterChanges() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(SEQ, new Shape(1, SEQ.length));
            float[] before = model.forward(ids, null, null).toFloatArray();
            NDArray up = model.parameters().get("model.layers.0.mlp.up_proj.weight");
            float[] saved = up.toFloatArray();
            try (FusedWeights f = FusedWeights.build(model)) {
                up.set(new float[saved.length]);
                float[] fused = f.logits(f.hiddenStates(ids, null, null)).toFloatArray();
                assertClose(before, 0, fused, 0, before.length, "fused after a parameter change");
            }
            float[] after = model.forward(ids, null, null).toFloatArray();
            assertTrue(maxDifference(before, after) > 1e-3, "the parameter path sees the changed parameter");
        }
    }

    @Test
    void theBudgetDecidesWhetherCopiesAreMade() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu())) {
            assertFalse(FusedWeights.canCopy(model.config(), FusedWeights.copyBytes(model.config()) - 1));
            assertTrue(FusedWeights.canCopy(model.config(), FusedWeights.copyBytes(model.config())));
        }
    }

    static long[] columns(long[] mat, int rows, int width, int from, int to) {
        int w = to - from;
        long[] out = new long[rows * w];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(mat, r * width + from, out, r * w, w);
        }
        return out;
    }

    static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static void assertClose(float[] want, int wantOff, float[] got, int gotOff, int n, String what) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(want[wantOff + i] - got[gotOff + i]));
        }
        assertTrue(max < TOLERANCE, what + ": max difference " + max);
    }
}
