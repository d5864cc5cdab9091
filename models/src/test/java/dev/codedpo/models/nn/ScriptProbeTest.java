package dev.codedpo.models.nn;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import org.junit.jupiter.api.Test;

/**
 * The guard in front of every machine-dependent forward pass: it must accept the script as it is and reject a path
 * that is wrong only in batched decode steps (the AVX-512 failure mode of the removed reordered-weights variant).
 */
class ScriptProbeTest {
    @Test
    void acceptsBothScriptModes() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-qwen2"), Device.cpu())) {
            ScriptedDecoder script = ScriptedDecoder.create(model);
            assertNotNull(script);
            for (ScriptedDecoder.Mode mode : ScriptedDecoder.Mode.values()) {
                try (ScriptedDecoder.Session s = script.open(mode)) {
                    assertNull(ScriptProbe.compare(model, s::logits), mode.name());
                }
            }
        }
    }

    @Test
    void rejectsAPathWrongOnlyInBatchedDecodeSteps() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu());
             ScriptedDecoder.Session s = ScriptedDecoder.create(model).open(ScriptedDecoder.Mode.PLAIN)) {
            ScriptProbe.Step corruptDecode = (ids, mask, cache) -> {
                NDArray logits = s.logits(ids, mask, cache);
                boolean batchedDecode = ids.getShape().get(1) == 1 && ids.getShape().get(0) > 1;
                return batchedDecode ? logits.add(logits.getManager().randomNormal(logits.getShape()).mul(0.3f))
                        : logits;
            };
            String mismatch = ScriptProbe.compare(model, corruptDecode);
            assertNotNull(mismatch);
            assertTrue(mismatch.startsWith("decode step"), mismatch);
        }
    }
}
