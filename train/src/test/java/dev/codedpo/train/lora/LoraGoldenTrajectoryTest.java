package dev.codedpo.train.lora;

import dev.codedpo.train.GoldenRows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.lora.LoraConfig;
import dev.codedpo.models.lora.PeftAdapterFiles;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.TrainFixtures;
import dev.codedpo.train.data.PreferenceExample;
import dev.codedpo.train.loop.Trainer;
import dev.codedpo.train.method.DpoObjective;
import dev.codedpo.train.method.Models;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Six optimizer steps of sigmoid DPO training only a LoRA adapter (rank 4, alpha 8, all seven projections) match the
 * PyTorch reference (tools/train_reference/make_lora_golden.py, float64) within 1e-4 relative: loss, grad_norm before
 * clipping (clipping acts on steps 1-3), rewards and log-probs per step, and a sample of the final A and B. Both sides
 * start from the A the reference wrote in PEFT's layout (golden/lora_dpo_initial), so this also checks that an
 * adapter written elsewhere loads. At step 1 the policy is the reference exactly: rewards are exact zeros.
 */
class LoraGoldenTrajectoryTest {
    private static final double RELATIVE = 1e-4;
    private static final double ABSOLUTE = 1e-6;

    static Path golden(String name) {
        try {
            return Path.of(LoraGoldenTrajectoryTest.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing golden " + name, e);
        }
    }

    @Test
    void matchesTheTorchReference() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/dpo_lora.json")) {
            assertNotNull(in);
            golden = Json.MAPPER.readTree(in);
        }
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("method", "dpo");
        overrides.put("shuffle", false);
        golden.get("config").fields().forEachRemaining(e -> overrides.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText()));
        TrainConfig c = TrainFixtures.config(overrides);
        JsonNode lora = golden.get("lora");
        List<String> targets = new ArrayList<>();
        lora.get("target_modules").forEach(t -> targets.add(t.asText()));
        LoraConfig expectedConfig = new LoraConfig(lora.get("rank").asInt(), lora.get("alpha").asDouble(),
                lora.get("dropout").asDouble(), targets);
        try (CausalLM policy = TrainFixtures.load(golden.get("model").asText());
             LoraAdapter adapter = PeftAdapterFiles.load(golden(lora.get("initial_adapter").asText()), policy, 0)
                     .installOn(policy)) {
            assertEquals(expectedConfig, adapter.config());
            Models models = Models.lora(policy, adapter, golden.get("pad_id").asLong());
            List<Map<String, Object>> steps = new ArrayList<>();
            try (Trainer<PreferenceExample> trainer = new Trainer<>(c, adapter.parameters(), policy.manager(),
                    new DpoObjective(models, c.lossType(), c.beta(), c.labelSmoothing(), c.rpoAlpha()),
                    GoldenRows.preference(golden))) {
                trainer.beforeEachStep(adapter::startStep);
                while (!trainer.done()) {
                    steps.add(trainer.step());
                }
            }
            assertEquals(0.0, steps.get(0).get("rewards/chosen"), "step 1: policy = reference exactly");
            assertEquals(0.0, steps.get(0).get("rewards/rejected"));
            assertEquals(Math.log(2), (Double) steps.get(0).get("loss"), 1e-6);
            JsonNode expected = golden.get("steps");
            assertEquals(expected.size(), steps.size());
            for (int k = 0; k < steps.size(); k++) {
                Iterator<Map.Entry<String, JsonNode>> fields = expected.get(k).fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    if (f.getKey().equals("clipped") || f.getKey().equals("step")) {
                        continue;
                    }
                    double want = f.getValue().asDouble();
                    Object got = steps.get(k).get(f.getKey());
                    assertNotNull(got, "step " + (k + 1) + " has no " + f.getKey());
                    assertEquals(want, ((Number) got).doubleValue(), ABSOLUTE + RELATIVE * Math.abs(want),
                            "step " + (k + 1) + " " + f.getKey());
                }
            }
            Iterator<Map.Entry<String, JsonNode>> tensors = golden.get("final_weights_sample").fields();
            while (tensors.hasNext()) {
                Map.Entry<String, JsonNode> t = tensors.next();
                float[] w = adapter.parameters().get(t.getKey()).toFloatArray();
                double scale = 0;
                for (JsonNode v : t.getValue()) {
                    scale = Math.max(scale, Math.abs(v.asDouble()));
                }
                for (int i = 0; i < t.getValue().size(); i++) {
                    double want = t.getValue().get(i).asDouble();
                    assertEquals(want, w[i], RELATIVE * scale, t.getKey() + "[" + i + "]");
                }
            }
        }
    }
}
