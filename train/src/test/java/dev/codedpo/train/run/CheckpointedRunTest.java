package dev.codedpo.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import dev.codedpo.train.TrainFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gradient_checkpointing: true trains as the plain backward pass does (float32, 1e-6), through the whole run. */
class CheckpointedRunTest {
    private static final String PAIRS = String.join("\n",
            "{\"prompt\": \"Once upon a time\", \"chosen\": \"there was a cat.\", \"rejected\": \"the end\"}",
            "{\"prompt\": \"Lily liked\", \"chosen\": \"to play in the park with her dog.\", \"rejected\": \"no\"}",
            "{\"prompt\": \"The sun\", \"chosen\": \"was warm and bright.\", \"rejected\": \"sun sun sun\"}") + "\n";

    private static void run(Path train, Path out, boolean checkpointing) {
        Map<String, Object> o = new HashMap<>(Map.of("model_path",
                TrainFixtures.modelDir("stories260K").toString(), "train_file", train.toString(), "output_dir",
                out.toString(), "max_steps", 3, "batch_size", 2, "learning_rate", 1e-4, "save_steps", 0,
                "rpo_alpha", 0.5, "gradient_checkpointing", checkpointing));
        new TrainingRun(TrainFixtures.config(o), false, null, false, s -> { }).run();
    }

    @Test
    void checkpointedDpoRunEqualsThePlainOne(@TempDir Path tmp) throws IOException {
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS);
        run(train, tmp.resolve("plain"), false);
        run(train, tmp.resolve("ckpt"), true);
        List<String> a = Files.readAllLines(tmp.resolve("plain").resolve(MetricsLog.FILE));
        List<String> b = Files.readAllLines(tmp.resolve("ckpt").resolve(MetricsLog.FILE));
        for (int i = 0; i < a.size(); i++) {
            assertEquals(RunFiles.metric(a.get(i), "loss"), RunFiles.metric(b.get(i), "loss"), 1e-6, "loss of step " + (i + 1));
            assertEquals(RunFiles.metric(a.get(i), "grad_norm"), RunFiles.metric(b.get(i), "grad_norm"),
                    1e-5 * RunFiles.metric(a.get(i), "grad_norm"), "grad_norm of step " + (i + 1));
        }
        RunFiles.assertWeightsClose(tmp.resolve("plain/model.safetensors"), tmp.resolve("ckpt/model.safetensors"),
                1e-6);
    }

    @Test
    void loraDropoutAndCheckpointingAreRefusedTogether() {
        InputException e = assertThrows(InputException.class, () -> TrainFixtures.config(Map.of(
                "gradient_checkpointing", true, "lora.rank", 4, "lora.dropout", 0.1)));
        assertTrue(e.getMessage().contains("gradient_checkpointing"), e.getMessage());
        assertTrue(TrainFixtures.config(Map.of("gradient_checkpointing", true, "lora.rank", 4, "lora.dropout", 0.0))
                .gradientCheckpointing());
    }

}
