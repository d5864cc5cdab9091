package dev.codedpo.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.score.TokenLogProbs;
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
            try (FusedWeights f = model.fuseForInference()) {
                assertNotNull(f);
                fused = model.forward(ids, null, null).toFloatArray();
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
            try (FusedWeights f = model.fuseForInference();
                 KvCache cache = model.newCache(m, 1, 8)) {
                int prefill = 5;
                float[] first = model.forward(m.create(Arrays.copyOf(SEQ, prefill), new Shape(1, prefill)), null,
                        cache).toFloatArray();
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
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
    void fusedPaddedCachedBatchEqualsUnfusedRowsAlone(String name) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager();
             FusedWeights f = model.fuseForInference()) {
            assertNotNull(f);
            PaddedBatchCheck.assertRowsAlone(model, m, name, (ids, mask, cache) ->
                    model.logits(model.hiddenStatesWithHostMask(ids, mask, cache)).toFloatArray());
        }
    }

    /** Proof that the fused path runs: its copies do not follow a parameter changed while the handle is open. */
    @Test
    void openHandleUsesItsCopiesAndClosingReturnsToParameters() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(SEQ, new Shape(1, SEQ.length));
            float[] before = model.forward(ids, null, null).toFloatArray();
            NDArray up = model.parameters().get("model.layers.0.mlp.up_proj.weight");
            float[] saved = up.toFloatArray();
            try (FusedWeights f = model.fuseForInference()) {
                up.set(new float[saved.length]);
                float[] fused = model.forward(ids, null, null).toFloatArray();
                assertClose(before, 0, fused, 0, before.length, "fused after a parameter change");
            }
            float[] after = model.forward(ids, null, null).toFloatArray();
            assertTrue(maxDifference(before, after) > 1e-3, "closed handle: the changed parameter takes effect");
        }
    }

    @Test
    void gradientsAreUnchangedWhileAHandleIsOpen() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-qwen2"), Device.cpu())) {
            for (NDArray p : model.parameters().values()) {
                p.setRequiresGradient(true);
            }
            float[] plain = gradient(model, "model.layers.0.self_attn.q_proj.weight");
            float[] withHandle;
            try (FusedWeights f = model.fuseForInference()) {
                assertNotNull(f);
                withHandle = gradient(model, "model.layers.0.self_attn.q_proj.weight");
            }
            assertTrue(maxDifference(plain, new float[plain.length]) > 1e-6, "a non-zero gradient");
            assertArrayEquals(plain, withHandle);
        }
    }

    @Test
    void linearHooksBypassTheFusedPath() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(SEQ, new Shape(1, SEQ.length));
            // A hook that drops the value projection of layer 1: only the parameter path can honour it.
            Linear hook = (n, x, w, b) -> n.equals("model.layers.1.self_attn.v_proj")
                    ? Linear.PLAIN.apply(n, x, w, b).zerosLike() : Linear.PLAIN.apply(n, x, w, b);
            model.setLinear(hook);
            float[] hooked = model.forward(ids, null, null).toFloatArray();
            float[] hookedFused;
            try (FusedWeights f = model.fuseForInference()) {
                hookedFused = model.forward(ids, null, null).toFloatArray();
            }
            model.setLinear(Linear.PLAIN);
            float[] plain = model.forward(ids, null, null).toFloatArray();
            assertArrayEquals(hooked, hookedFused);
            assertTrue(maxDifference(hooked, plain) > 1e-3, "the hook changes the logits");
        }
    }

    @Test
    void overBudgetOrNestedFusesNothing() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu())) {
            assertNull(model.fuseForInference(FusedWeights.copyBytes(model.config()) - 1));
            try (FusedWeights outer = model.fuseForInference(FusedWeights.copyBytes(model.config()))) {
                assertNotNull(outer);
                assertNull(model.fuseForInference());
            }
            try (FusedWeights again = model.fuseForInference()) {
                assertNotNull(again, "closing the handle allows a new one");
            }
        }
    }

    private static float[] gradient(CausalLM model, String param) {
        try (NDManager step = model.manager().newSubManager();
             GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            int t = SEQ.length - 1;
            NDArray inputs = step.create(Arrays.copyOf(SEQ, t), new Shape(1, t));
            NDArray targets = step.create(Arrays.copyOfRange(SEQ, 1, SEQ.length), new Shape(1, t));
            gc.backward(TokenLogProbs.of(model.forward(inputs, null, null), targets).sum().neg());
            float[] g = model.parameters().get(param).getGradient().toFloatArray();
            gc.zeroGradients();
            return g;
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
