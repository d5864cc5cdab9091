package dev.codedpo.models.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.Linear;
import dev.codedpo.models.nn.ScriptedDecoder;
import org.junit.jupiter.api.Test;

/** The one place that picks the forward pass: what it picks, and that a hook or gradients force the parameters. */
class InferenceTest {
    private static final long[] SEQ = {1, 5, 9, 3, 17, 33, 8};

    @Test
    void eachPathOpensWhatItNames() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu())) {
            try (ForwardPass p = new Inference(model, InferencePath.SCRIPTED).forDecoding()) {
                assertEquals(InferencePath.SCRIPTED, p.kind(), "the PyTorch engine runs the script");
            }
            try (ForwardPass p = new Inference(model, InferencePath.FUSED).forDecoding()) {
                assertEquals(InferencePath.FUSED, p.kind());
            }
            try (ForwardPass p = new Inference(model, InferencePath.FUSED).forScoring()) {
                assertEquals(InferencePath.PARAMETERS, p.kind(), "scoring computes logits only where scored");
            }
            try (ForwardPass p = new Inference(model, InferencePath.PARAMETERS).forDecoding()) {
                assertEquals(InferencePath.PARAMETERS, p.kind());
            }
        }
    }

    @Test
    void aLinearHookOrRecordedGradientsTakeTheParameters() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu());
             NDManager m = model.manager().newSubManager()) {
            Inference inference = new Inference(model, InferencePath.SCRIPTED);
            ScriptedDecoder script = inference.script();
            assertNotNull(script);
            // A hook that drops the value projection of layer 1: only the parameter path can honour it.
            Linear hook = (n, x, w, b) -> n.equals("model.layers.1.self_attn.v_proj")
                    ? Linear.PLAIN.apply(n, x, w, b).zerosLike() : Linear.PLAIN.apply(n, x, w, b);
            model.setLinear(hook);
            NDArray ids = m.create(SEQ, new Shape(1, SEQ.length));
            float[] hooked = CausalLM.lastPosition(model.hiddenStates(ids, null, null)).toFloatArray();
            hooked = model.logits(m.create(hooked, new Shape(1, model.config().hiddenSize()))).toFloatArray();
            try (ForwardPass p = inference.forDecoding()) {
                assertEquals(InferencePath.PARAMETERS, p.kind());
                assertArrayEquals(hooked, p.lastLogits(ids, null, null).toFloatArray());
            }
            model.setLinear(Linear.PLAIN);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector();
                 ForwardPass p = inference.forDecoding()) {
                assertEquals(InferencePath.PARAMETERS, p.kind(), "the script would drop gradients");
            }
            try (ForwardPass p = inference.forDecoding()) {
                assertEquals(InferencePath.SCRIPTED, p.kind());
                float[] plain = p.lastLogits(ids, null, null).toFloatArray();
                double diff = 0;
                for (int i = 0; i < plain.length; i++) {
                    diff = Math.max(diff, Math.abs(plain[i] - hooked[i]));
                }
                assertTrue(diff > 1e-3, "the hook changed the logits, so the comparison above means something");
            }
            assertSame(script, inference.script(), "compiled once per Inference");
        }
    }
}
