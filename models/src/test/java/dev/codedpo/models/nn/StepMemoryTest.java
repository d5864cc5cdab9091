package dev.codedpo.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import org.junit.jupiter.api.Test;

/** Nothing a forward call computes may stay attached to the model's long-lived manager (DJL-NOTES hazard 7). */
class StepMemoryTest {
    @Test
    void forwardAndCachedDecodingLeaveNothingInTheModelManager() {
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-qwen2"), Device.cpu())) {
            int before = model.manager().getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager step = model.manager().newSubManager()) {
                    model.forward(step.create(new long[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)),
                            step.create(new long[] {0, 1, 1, 1, 1, 1}, new Shape(2, 3)), null);
                    try (KvCache cache = model.newCache(step, 2, 4)) {
                        for (int t = 0; t < 6; t++) {
                            model.forward(step.create(new long[] {t, t}, new Shape(2, 1)), null, cache);
                        }
                    }
                }
                assertEquals(before, model.manager().getManagedArrays().size(), "after step " + i);
            }
        }
    }
}
