package dev.codedpo.models.nn;

import static dev.codedpo.models.nn.FusedWeightsTest.assertClose;
import static dev.codedpo.models.nn.FusedWeightsTest.maxDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.script.TorchScriptModule;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TorchScript forward pass (generated source, compiled by the engine) must give the logits of the parameter path
 * within 1e-5 on the three parity models (GQA, tied head, explicit head_dim and linear rope scaling; q/k/v bias and
 * untied head; sliding window), with and without the KV cache, with padding, in both session modes; and it must
 * stay out of the way of gradient recording and of Linear hooks.
 */
class ScriptedDecoderTest {
    static final long[] SEQ = KvCacheTest.SEQ;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
    void fullForwardEqualsParameterPath(String name) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(SEQ, new Shape(1, SEQ.length));
            float[] plain = model.forward(ids, null, null).toFloatArray();
            ScriptedDecoder script = ScriptedDecoder.create(model);
            assertNotNull(script, "the PyTorch engine compiles the script");
            try (ScriptedDecoder.Session s = script.open(ScriptedDecoder.Mode.PLAIN)) {
                float[] scripted = s.logits(ids, null, null).toFloatArray();
                assertEquals(plain.length, scripted.length);
                assertClose(plain, 0, scripted, 0, plain.length, name);
                float[] last = s.lastLogits(ids, null, null).toFloatArray();
                int vocab = model.config().vocabSize();
                assertClose(plain, (SEQ.length - 1) * vocab, last, 0, vocab, name + " last position");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"tiny-llama,PLAIN", "tiny-qwen2,PLAIN", "tiny-mistral,PLAIN",
        "tiny-llama,STACKED", "tiny-qwen2,STACKED", "tiny-mistral,STACKED"})
    void cachedDecodingEqualsFullForward(String name, ScriptedDecoder.Mode mode) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            int vocab = model.config().vocabSize();
            float[] full = model.forward(m.create(SEQ, new Shape(1, SEQ.length)), null, null).toFloatArray();
            // Capacity 8 < 14 tokens: the cache grows mid-way, as it does in generation.
            try (ScriptedDecoder.Session s = ScriptedDecoder.create(model).open(mode);
                 KvCache cache = model.newCache(m, 1, 8)) {
                int prefill = 5;
                float[] first = s.logits(m.create(Arrays.copyOf(SEQ, prefill), new Shape(1, prefill)), null, cache)
                        .toFloatArray();
                assertClose(full, 0, first, 0, prefill * vocab, name + " " + mode + " prefill");
                for (int t = prefill; t < SEQ.length; t++) {
                    float[] step = s.lastLogits(m.create(new long[] {SEQ[t]}, new Shape(1, 1)), null, cache)
                            .toFloatArray();
                    assertClose(full, t * vocab, step, 0, vocab, name + " " + mode + " position " + t);
                }
                assertEquals(SEQ.length, cache.length());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"tiny-llama,PLAIN", "tiny-qwen2,PLAIN", "tiny-mistral,PLAIN",
        "tiny-llama,STACKED", "tiny-qwen2,STACKED", "tiny-mistral,STACKED"})
    void paddedCachedBatchEqualsRowsAlone(String name, ScriptedDecoder.Mode mode) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager();
             ScriptedDecoder.Session s = ScriptedDecoder.create(model).open(mode)) {
            PaddedBatchCheck.assertRowsAlone(model, m, name + " " + mode,
                    (ids, mask, cache) -> (ids.getShape().get(1) == 1 ? s.lastLogits(ids, mask, cache)
                            : s.logits(ids, mask, cache)).toFloatArray());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
    void stackedFullForwardEqualsParameterPath(String name) {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity(name), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(SEQ, new Shape(1, SEQ.length));
            float[] plain = model.forward(ids, null, null).toFloatArray();
            try (ScriptedDecoder.Session s = ScriptedDecoder.create(model).open(ScriptedDecoder.Mode.STACKED)) {
                assertClose(plain, 0, s.logits(ids, null, null).toFloatArray(), 0, plain.length, name);
            }
        }
    }

    /** What a session optimises by size: small models run over stacked copies (asserted by their staleness). */
    @Test
    void optimizedSessionOfASmallModelUsesStackedCopies() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(SEQ, new Shape(1, SEQ.length));
            NDArray up = model.parameters().get("model.layers.0.mlp.up_proj.weight");
            try (ScriptedDecoder.Session s = ScriptedDecoder.create(model).open(true)) {
                float[] before = s.logits(ids, null, null).toFloatArray();
                up.set(new float[(int) up.size()]);
                float[] after = s.logits(ids, null, null).toFloatArray();
                assertClose(before, 0, after, 0, before.length, "copies taken when the session opened");
            }
        }
    }

    /** The script reads the live parameters: a change is seen at once (no stale copies outside a session). */
    @Test
    void followsParameterChanges() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(SEQ, new Shape(1, SEQ.length));
            NDArray up = model.parameters().get("model.layers.0.mlp.up_proj.weight");
            try (ScriptedDecoder.Session s = ScriptedDecoder.create(model).open(ScriptedDecoder.Mode.PLAIN)) {
                float[] before = s.logits(ids, null, null).toFloatArray();
                up.set(new float[(int) up.size()]);
                float[] after = s.logits(ids, null, null).toFloatArray();
                float[] plainAfter = model.forward(ids, null, null).toFloatArray();
                assertTrue(maxDifference(before, after) > 1e-3, "the changed parameter takes effect");
                assertClose(plainAfter, 0, after, 0, after.length, "after the change");
            }
        }
    }

    @Test
    void compileErrorsCarryTheEngineMessage() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            EngineException e = assertThrows(EngineException.class, () -> TorchScriptModule.load(m,
                    "  def run(self: __torch__.Decoder, x: Tensor) -> Tensor:\n    return torch.no_such_op(x)\n"));
            assertTrue(e.getMessage().contains("no_such_op"), e.getMessage());
        }
    }
}
