package dev.codedpo.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.codedpo.core.io.InputException;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.io.SaveOptions;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.lora.LoraConfig;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.TrainFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dtype: float16 with LoRA stores the frozen base's matrices in half precision and computes in float32 on the CPU:
 * training then equals float32 training of a base whose matrices were rounded to float16 beforehand (the only
 * difference half storage can make). Half precision without LoRA, and bfloat16 on the CPU, are refused by key.
 */
class HalfPrecisionBaseTest {
    private static final String PAIRS = String.join("\n",
            "{\"prompt\": \"Once upon a time\", \"chosen\": \"there was a cat.\", \"rejected\": \"the end\"}",
            "{\"prompt\": \"Lily liked\", \"chosen\": \"to play in the park with her dog.\", \"rejected\": \"no\"}",
            "{\"prompt\": \"The sun\", \"chosen\": \"was warm and bright.\", \"rejected\": \"sun sun sun\"}") + "\n";

    private static TrainConfig config(Path model, Path train, Path out, String dtype) {
        Map<String, Object> o = new HashMap<>(Map.of("model_path", model.toString(), "train_file", train.toString(),
                "output_dir", out.toString(), "max_steps", 3, "batch_size", 2, "learning_rate", 1e-2,
                "save_steps", 0, "lora.rank", 4, "lora.dropout", 0.1, "dtype", dtype));
        o.put("rpo_alpha", 0.5);
        return TrainFixtures.config(o);
    }

    @Test
    void float16BaseTrainsAsAFloat32BaseRoundedToFloat16(@TempDir Path tmp) throws IOException {
        Path stories = TrainFixtures.modelDir("stories260K");
        Path rounded = tmp.resolve("rounded");
        try (CausalLM m = TrainFixtures.load("stories260K");
             NDManager scratch = NDManager.newBaseManager()) {
            for (NDArray p : m.parameters().values()) {
                if (p.getShape().dimension() == 2) {
                    NDArray r = p.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false);
                    r.attach(scratch);
                    p.set(r.toFloatArray());
                }
            }
            HfCheckpoint.save(m, rounded, SaveOptions.f32(stories));
        }
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS);
        new TrainingRun(config(rounded, train, tmp.resolve("f32"), "float32"), false, null, false, s -> { }).run();
        new TrainingRun(config(stories, train, tmp.resolve("f16"), "float16"), false, null, false, s -> { }).run();
        List<String> a = Files.readAllLines(tmp.resolve("f32").resolve(MetricsLog.FILE));
        List<String> b = Files.readAllLines(tmp.resolve("f16").resolve(MetricsLog.FILE));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(RunFiles.metric(a.get(i), "loss"), RunFiles.metric(b.get(i), "loss"), 1e-6, "step " + (i + 1));
        }
        RunFiles.assertWeightsClose(tmp.resolve("f32/adapter_model.safetensors"),
                tmp.resolve("f16/adapter_model.safetensors"), 1e-6);
    }

    @Test
    void halvingStoresMatricesInHalfAndKeepsNormsAndAdaptersInFloat32() {
        try (CausalLM m = TrainFixtures.load("stories260K")) {
            float[] before = m.parameters().get("model.layers.0.input_layernorm.weight").toFloatArray();
            m.storeMatricesAs(DataType.FLOAT16);
            assertEquals(DataType.FLOAT16, m.parameters().get("model.layers.0.self_attn.q_proj.weight").getDataType());
            assertEquals(DataType.FLOAT16, m.parameters().get("model.embed_tokens.weight").getDataType());
            assertEquals(DataType.FLOAT32, m.parameters().get("model.layers.0.input_layernorm.weight").getDataType());
            assertArrayEquals(before, m.parameters().get("model.layers.0.input_layernorm.weight").toFloatArray());
            try (LoraAdapter a = LoraAdapter.initialize(m, new LoraConfig(4, 8.0, 0.0, List.of("q_proj")), 1)) {
                a.parameters().values().forEach(p -> assertEquals(DataType.FLOAT32, p.getDataType()));
            }
        }
    }

    @Test
    void halfPrecisionNeedsLoraAndBfloat16NeedsAGpu() {
        InputException full = assertThrows(InputException.class, () -> TrainFixtures.config(
                Map.of("dtype", "float16")));
        assertTrue(full.getMessage().contains("dtype: ") && full.getMessage().contains("lora"), full.getMessage());
        InputException bf16 = assertThrows(InputException.class, () -> TrainFixtures.config(
                Map.of("dtype", "bfloat16", "lora.rank", 4)));
        assertTrue(bf16.getMessage().contains("dtype: ") && bf16.getMessage().contains("cpu"), bf16.getMessage());
        assertEquals(DataType.BFLOAT16, TrainFixtures.config(Map.of("dtype", "bfloat16", "lora.rank", 4,
                "device", "gpu")).baseType());
    }

}
