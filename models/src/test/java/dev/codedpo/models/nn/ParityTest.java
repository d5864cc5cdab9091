package dev.codedpo.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logits against tools/parity/reference_lm.py (an independent float64 numpy forward pass) on checkpoints that script
 * wrote: Llama with GQA, tied head, explicit head_dim and linear rope scaling (F32); Qwen2 with q/k/v bias, untied head
 * (BF16); Mistral with a sliding window shorter than the sequence and multi-query attention (F16).
 */
class ParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
    void logitsMatchTheNumpyReference(String name) throws Exception {
        Path dir = TestModels.parity(name);
        JsonNode golden = Json.MAPPER.readTree(Files.readString(dir.resolve("golden_logits.json")));
        try (CausalLM model = HfCheckpoint.load(dir, Device.cpu())) {
            for (int s = 0; s < golden.get("sequences").size(); s++) {
                JsonNode seq = golden.get("sequences").get(s);
                long[] ids = new long[seq.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = seq.get(i).asLong();
                }
                try (NDManager step = model.manager().newSubManager()) {
                    NDArray logits = model.forward(step.create(ids, new Shape(1, ids.length)), null, null);
                    int vocab = model.config().vocabSize();
                    assertEquals(new Shape(1, ids.length, vocab), logits.getShape());
                    float[] got = logits.toFloatArray();
                    JsonNode want = golden.get("logits").get(s);
                    double maxErr = 0;
                    for (int t = 0; t < ids.length; t++) {
                        for (int v = 0; v < vocab; v++) {
                            double err = Math.abs(got[t * vocab + v] - want.get(t).get(v).asDouble());
                            maxErr = Math.max(maxErr, err);
                        }
                    }
                    assertTrue(maxErr < 1e-4, name + " sequence " + s + ": max |logit error| " + maxErr);
                }
            }
        }
    }
}
