package dev.codedpo.models.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.nn.CausalLM;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The adapter's arithmetic on the bundled stories260K: a fresh adapter (B = 0) gives the base's logits exactly, with
 * adapters on or off; a trained-looking one (random B) changes them, and merging W + (alpha / r) B A gives the same
 * logits as base + adapter; A is drawn within PEFT's Kaiming bound 1/sqrt(in).
 */
class LoraAdapterTest {
    private static final long[][] ROWS = {{1, 357, 185, 71, 402, 205, 152, 189}, {1, 40, 41, 42, 2, 7, 9, 11}};

    static float[] logits(CausalLM model) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray ids = m.create(ROWS);
            return model.forward(ids, null, null).toFloatArray();
        }
    }

    static void randomizeB(LoraAdapter adapter, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (NDArray b : adapter.b().values()) {
            float[] v = new float[Math.toIntExact(b.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.05 * (2 * rng.nextDouble() - 1));
            }
            b.set(v);
        }
    }

    @Test
    void aFreshAdapterIsTheBaseExactlyAndAIsWithinTheKaimingBound() {
        try (CausalLM model = HfCheckpoint.load(TestModels.stories(), Device.cpu())) {
            float[] base = logits(model);
            try (LoraAdapter adapter = LoraAdapter.initialize(model, new LoraConfig(4, 8.0, 0.0, null), 7)
                    .installOn(model)) {
                assertEquals(5 * 7 * 2, adapter.parameters().size());
                assertArrayEquals(base, logits(model));
                NDArray a = adapter.a().get("model.layers.2.mlp.down_proj");
                assertEquals(List.of(4L, 172L), List.of(a.getShape().get(0), a.getShape().get(1)));
                float[] v = a.toFloatArray();
                double bound = 1 / Math.sqrt(172);
                double max = 0;
                for (float x : v) {
                    max = Math.max(max, Math.abs(x));
                }
                assertTrue(max <= bound && max > 0.9 * bound, "A within (and filling) +-1/sqrt(in): " + max);
                assertEquals(List.of(64L, 4L), List.of(adapter.b().get("model.layers.2.mlp.down_proj").getShape()
                        .get(0), adapter.b().get("model.layers.2.mlp.down_proj").getShape().get(1)));
            }
        }
    }

    @Test
    void mergedWeightsComputeWhatBasePlusAdapterComputes() {
        try (CausalLM model = HfCheckpoint.load(TestModels.stories(), Device.cpu());
             CausalLM merged = model.copy(DataType.FLOAT32)) {
            float[] base = logits(model);
            try (LoraAdapter adapter = LoraAdapter.initialize(model, new LoraConfig(4, 8.0, 0.0,
                    List.of("q_proj", "v_proj", "down_proj")), 7).installOn(model)) {
                randomizeB(adapter, 3);
                float[] adapted = logits(model);
                float[] off = adapter.withoutAdapters(() -> logits(model));
                assertArrayEquals(base, off, "adapters off = the base exactly");
                double change = 0;
                for (int i = 0; i < base.length; i++) {
                    change = Math.max(change, Math.abs(adapted[i] - base[i]));
                }
                assertTrue(change > 1e-2, "the adapter changes the logits: " + change);
                LoraMerge.mergeInto(merged, adapter);
                float[] m = logits(merged);
                for (int i = 0; i < m.length; i++) {
                    assertEquals(adapted[i], m[i], 1e-5 * Math.max(1, Math.abs(adapted[i])), "logit " + i);
                }
            }
        }
    }
}
