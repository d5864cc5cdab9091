package dev.codedpo.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.GoldenRows;
import dev.codedpo.train.TrainFixtures;
import dev.codedpo.train.data.CompletionExample;
import dev.codedpo.train.data.LabeledExample;
import dev.codedpo.train.method.DpoObjective;
import dev.codedpo.train.method.KtoObjective;
import dev.codedpo.train.method.Models;
import dev.codedpo.train.method.Objective;
import dev.codedpo.train.method.SftObjective;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Six optimizer steps of each method match an independent PyTorch implementation of the same semantics
 * (tools/train_reference, float64) within 1e-4 relative: loss, grad_norm before clipping, learning rate, epoch and
 * the method's metrics at every step, and a sample of the final weights. The cases trigger clipping on some steps and
 * not on others, use weight decay, warm-up with linear and cosine schedules, padding, accumulation and wrap-around.
 */
class GoldenTrajectoryTest {
    private static final double RELATIVE = 1e-4;
    private static final double ABSOLUTE = 1e-6;

    @ParameterizedTest
    @ValueSource(strings = {"dpo_sigmoid", "dpo_ipo_rpo", "dpo_robust", "dpo_hinge", "kto", "sft", "sft_batch4"})
    void matchesTheTorchReference(String name) throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name + ".json")) {
            assertNotNull(in, name);
            golden = Json.MAPPER.readTree(in);
        }
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("method", golden.get("method").asText());
        overrides.put("shuffle", false);
        Iterator<Map.Entry<String, JsonNode>> it = golden.get("config").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            overrides.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText());
        }
        TrainConfig c = TrainFixtures.config(overrides);
        long pad = golden.get("pad_id").asLong();
        try (CausalLM policy = TrainFixtures.load(golden.get("model").asText());
             CausalLM reference = policy.copy(DataType.FLOAT32)) {
            Models models = new Models(policy, reference, pad);
            List<Map<String, Object>> steps = switch (c.method()) {
                case DPO -> run(c, policy, new DpoObjective(models, c.lossType(), c.beta(), c.labelSmoothing(),
                        c.rpoAlpha()), GoldenRows.preference(golden));
                case KTO -> run(c, policy, new KtoObjective(models, c.beta(), c.desirableWeight(),
                        c.undesirableWeight()), labeled(golden));
                case SFT -> run(c, policy, new SftObjective(models), completions(golden));
            };
            JsonNode expected = golden.get("steps");
            assertEquals(expected.size(), steps.size());
            for (int k = 0; k < steps.size(); k++) {
                Map<String, Object> actual = steps.get(k);
                Iterator<Map.Entry<String, JsonNode>> fields = expected.get(k).fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    if (f.getKey().equals("clipped") || f.getKey().equals("step")) {
                        continue;
                    }
                    double want = f.getValue().asDouble();
                    Object got = actual.get(f.getKey());
                    assertNotNull(got, name + " step " + (k + 1) + " has no " + f.getKey());
                    assertEquals(want, ((Number) got).doubleValue(), ABSOLUTE + RELATIVE * Math.abs(want),
                            name + " step " + (k + 1) + " " + f.getKey());
                }
            }
            Iterator<Map.Entry<String, JsonNode>> tensors = golden.get("final_weights_sample").fields();
            while (tensors.hasNext()) {
                Map.Entry<String, JsonNode> t = tensors.next();
                float[] w = policy.parameters().get(t.getKey()).toFloatArray();
                for (int i = 0; i < t.getValue().size(); i++) {
                    double want = t.getValue().get(i).asDouble();
                    assertEquals(want, w[i], ABSOLUTE + RELATIVE * Math.abs(want), name + " " + t.getKey() + "[" + i + "]");
                }
            }
        }
    }

    private static <R> List<Map<String, Object>> run(TrainConfig c, CausalLM policy, Objective<R> objective,
                                                     List<R> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Trainer<R> trainer = new Trainer<>(c, policy.parameters(), policy.manager(), objective, rows)) {
            while (!trainer.done()) {
                out.add(trainer.step());
            }
        }
        return out;
    }

    private static List<LabeledExample> labeled(JsonNode g) {
        List<LabeledExample> out = new ArrayList<>();
        g.get("rows").forEach(r -> out.add(new LabeledExample(GoldenRows.ids(r.get("prompt_ids")), GoldenRows.ids(r.get("completion_ids")),
                r.get("label").asBoolean())));
        return out;
    }

    private static List<CompletionExample> completions(JsonNode g) {
        List<CompletionExample> out = new ArrayList<>();
        g.get("rows").forEach(r -> out.add(new CompletionExample(GoldenRows.ids(r.get("prompt_ids")),
                GoldenRows.ids(r.get("completion_ids")))));
        return out;
    }
}
