package dev.codedpo.train.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.lora.LoraConfig;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.LossType;
import dev.codedpo.train.TrainFixtures;
import dev.codedpo.train.data.PreferenceExample;
import dev.codedpo.train.method.DpoObjective;
import dev.codedpo.train.method.Models;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The gradients of LoRA's A and B tensors under the DPO loss (reference = the same model with adapters off) equal
 * central finite differences, in float64 on stories260K with accumulation over two padded micro-batches. B is made
 * non-zero first, since at B = 0 the gradient of A is zero. The frozen base records no gradient at all.
 */
class LoraFiniteDifferenceTest {
    private static final String[] TENSORS = {
        "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
        "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight",
        "base_model.model.model.layers.3.mlp.down_proj.lora_A.weight",
        "base_model.model.model.layers.3.mlp.down_proj.lora_B.weight",
        "base_model.model.model.layers.4.self_attn.v_proj.lora_B.weight"};

    @Test
    void adapterGradientsMatchFiniteDifferences() {
        List<PreferenceExample> rows = TrainFixtures.pairs(4, 512, 7);
        List<List<PreferenceExample>> micro = List.of(rows.subList(0, 2), rows.subList(2, 4));
        try (CausalLM stored = TrainFixtures.load("stories260K");
             CausalLM policy = stored.copy(DataType.FLOAT64);
             LoraAdapter adapter = LoraAdapter.initialize(policy, new LoraConfig(4, 8.0, 0.0, null), 11)
                     .installOn(policy)) {
            SplittableRandom rng = new SplittableRandom(3);
            for (NDArray b : adapter.b().values()) {
                double[] v = new double[Math.toIntExact(b.size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.1 * (rng.nextDouble() - 0.5);
                }
                b.set(v);
            }
            assertEquals(DataType.FLOAT64, adapter.a().values().iterator().next().getDataType());
            adapter.parameters().values().forEach(p -> p.setRequiresGradient(true));
            DpoObjective objective = new DpoObjective(Models.lora(policy, adapter, 0), LossType.SIGMOID, 0.5, 0, 0);
            NDManager base = policy.manager();
            double[][] analytic = new double[TENSORS.length][];
            try (NDManager step = base.newSubManager()) {
                objective.step(micro, step);
                for (int t = 0; t < TENSORS.length; t++) {
                    NDArray g = adapter.parameters().get(TENSORS[t]).getGradient();
                    g.attach(step);
                    analytic[t] = g.toDoubleArray();
                }
                assertNull(nonZeroBaseGradient(policy), "the frozen base has no gradient");
            }
            double eps = 1e-6;
            int checked = 0;
            for (int t = 0; t < TENSORS.length; t++) {
                NDArray p = adapter.parameters().get(TENSORS[t]);
                double[] v = p.toDoubleArray();
                for (int k = 0; k < 2; k++) {
                    int i = rng.nextInt(v.length);
                    double keep = v[i];
                    v[i] = keep + eps;
                    p.set(v);
                    double plus = loss(objective, micro, base);
                    v[i] = keep - eps;
                    p.set(v);
                    double minus = loss(objective, micro, base);
                    v[i] = keep;
                    p.set(v);
                    double numeric = (plus - minus) / (2 * eps);
                    assertEquals(numeric, analytic[t][i], 1e-7 + 1e-5 * Math.abs(numeric), TENSORS[t] + "[" + i + "]");
                    checked += Math.abs(numeric) > 1e-6 ? 1 : 0;
                }
            }
            assertTrue(checked >= 7, "most checked gradients are non-zero: " + checked);
        }
    }

    /** The name of a base parameter that requires a gradient, or null. */
    private static String nonZeroBaseGradient(CausalLM policy) {
        return policy.parameters().entrySet().stream().filter(e -> e.getValue().hasGradient()).map(e -> e.getKey())
                .findFirst().orElse(null);
    }

    private static double loss(DpoObjective objective, List<List<PreferenceExample>> micro, NDManager base) {
        try (NDManager step = base.newSubManager()) {
            return objective.step(micro, step).get("loss");
        }
    }
}
