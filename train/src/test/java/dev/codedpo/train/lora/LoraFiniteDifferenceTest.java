package dev.codedpo.train.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.LossType;
import dev.codedpo.train.FiniteDifferences;
import dev.codedpo.train.TrainFixtures;
import dev.codedpo.train.data.PreferenceExample;
import dev.codedpo.train.method.DpoObjective;
import dev.codedpo.train.method.Models;
import java.util.List;
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
        try (TrainFixtures.Float64Lora lora = TrainFixtures.Float64Lora.open()) {
            CausalLM policy = lora.policy();
            LoraAdapter adapter = lora.adapter();
            assertEquals(DataType.FLOAT64, adapter.a().values().iterator().next().getDataType());
            adapter.parameters().values().forEach(p -> p.setRequiresGradient(true));
            DpoObjective objective = new DpoObjective(Models.lora(policy, adapter, 0), LossType.SIGMOID, 0.5, 0, 0);
            NDManager base = policy.manager();
            double[][] analytic = FiniteDifferences.gradients(objective, micro, adapter.parameters(), TENSORS, base);
            assertNull(nonZeroBaseGradient(policy), "the frozen base has no gradient");
            int checked = FiniteDifferences.check(objective, micro, adapter.parameters(), TENSORS, analytic, base,
                    1e-6, 1e-7, 2, lora.rng(), FiniteDifferences.ANY);
            assertTrue(checked >= 7, "most checked gradients are non-zero: " + checked);
        }
    }

    /** The name of a base parameter that requires a gradient, or null. */
    private static String nonZeroBaseGradient(CausalLM policy) {
        return policy.parameters().entrySet().stream().filter(e -> e.getValue().hasGradient()).map(e -> e.getKey())
                .findFirst().orElse(null);
    }

}
