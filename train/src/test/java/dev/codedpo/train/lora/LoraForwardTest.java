package dev.codedpo.train.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.lora.LoraMerge;
import dev.codedpo.models.lora.PeftAdapterFiles;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.TrainFixtures;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * An adapter written by the Python reference (golden/lora_dpo_trained: its own safetensors writer, the adapter_config
 * keys of an older PEFT) loads, and base + adapter gives the reference's float64 logits (to 2e-5 of the largest
 * logit); merged into the weights it gives the same.
 */
class LoraForwardTest {
    @Test
    void anAdapterWrittenByTheReferenceGivesItsLogits() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/lora_forward.json")) {
            golden = Json.MAPPER.readTree(in);
        }
        try (CausalLM model = TrainFixtures.load(golden.get("model").asText());
             CausalLM merged = model.copy(DataType.FLOAT32);
             LoraAdapter adapter = PeftAdapterFiles.load(
                     LoraGoldenTrajectoryTest.golden(golden.get("adapter").asText()), model, 0).installOn(model)) {
            LoraMerge.mergeInto(merged, adapter);
            for (JsonNode row : golden.get("rows")) {
                long[] ids = new long[row.get("ids").size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = row.get("ids").get(i).asLong();
                }
                float[] adapted = logits(model, ids);
                float[] fromMerged = logits(merged, ids);
                float[] base = adapter.withoutAdapters(() -> logits(model, ids));
                JsonNode want = row.get("logits");
                int vocab = want.get(0).size();
                double largest = 0;
                for (JsonNode r : want) {
                    for (JsonNode v : r) {
                        largest = Math.max(largest, Math.abs(v.asDouble()));
                    }
                }
                double changed = 0;
                for (int t = 0; t < want.size(); t++) {
                    for (int v = 0; v < vocab; v++) {
                        double w = want.get(t).get(v).asDouble();
                        int i = t * vocab + v;
                        assertEquals(w, adapted[i], 2e-5 * largest, "position " + t + " token " + v);
                        assertEquals(w, fromMerged[i], 2e-5 * largest, "merged, position " + t + " token " + v);
                        changed = Math.max(changed, Math.abs(w - base[i]));
                    }
                }
                assertEquals(true, changed > 1e-3, "the adapter matters here: " + changed);
            }
        }
    }

    private static float[] logits(CausalLM model, long[] ids) {
        try (NDManager m = model.manager().newSubManager()) {
            return model.forward(m.create(new long[][] {ids}), null, null).toFloatArray();
        }
    }
}
