package dev.codedpo.models.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static dev.codedpo.models.nn.FusedWeightsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.config.RopeScaling;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every bias a Llama config can have (q/k/v, o, and the MLP's gate/up/down) reaches the scripted forward pass:
 * the parity fixtures only have Qwen2's q/k/v biases, so this model sets all of them to non-zero values.
 */
class BiasedScriptTest {
    @Test
    void allBiasesMatchTheParameterPathOnEveryScriptedMode() {
        ModelConfig c = new ModelConfig("llama", 64, 32, 48, 2, 4, 2, 8, 1e-5, 10000.0, RopeScaling.NONE, false,
                true, true, true, 0, 128, 1, List.of(2), null);
        long[] seq = KvCacheTest.SEQ;
        try (CausalLM model = RandomInit.create(c, Device.cpu(), 3);
             NDManager m = model.manager().newSubManager()) {
            SplittableRandom rng = new SplittableRandom(9);
            for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                if (e.getKey().endsWith(".bias")) {
                    float[] v = new float[(int) e.getValue().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (rng.nextDouble() - 0.5);
                    }
                    e.getValue().set(v);
                }
            }
            NDArray ids = m.create(seq, new Shape(1, seq.length));
            float[] plain = model.forward(ids, null, null).toFloatArray();
            assertFalse(FusedWeights.canCopy(c, Long.MAX_VALUE), "the fused copies cannot carry MLP biases");
            int vocab = c.vocabSize();
            for (ScriptedDecoder.Mode mode
                    : List.of(ScriptedDecoder.Mode.PLAIN, ScriptedDecoder.Mode.PLAIN)) {
                try (ScriptedDecoder.Session s = ScriptedDecoder.create(model).open(mode);
                     KvCache cache = model.newCache(m, 1, seq.length)) {
                    assertClose(plain, 0, s.logits(ids, null, null).toFloatArray(), 0, plain.length, mode + " full");
                    int prefill = 6;
                    s.logits(m.create(Arrays.copyOf(seq, prefill), new Shape(1, prefill)), null, cache);
                    for (int t = prefill; t < seq.length; t++) {
                        float[] step = s.lastLogits(m.create(new long[] {seq[t]}, new Shape(1, 1)), null, cache)
                                .toFloatArray();
                        assertClose(plain, t * vocab, step, 0, vocab, mode + " position " + t);
                    }
                }
            }
            try (ScriptedDecoder.Session s = ScriptedDecoder.create(model).open(true)) {
                assertClose(plain, 0, s.logits(ids, null, null).toFloatArray(), 0, plain.length, "optimised session");
            }
        }
    }
}
