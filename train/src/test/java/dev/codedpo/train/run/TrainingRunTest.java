package dev.codedpo.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.AtomicDirectory;
import ai.djl.Device;
import dev.codedpo.core.io.InputException;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.lora.LoraMerge;
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
 * Whole runs on the bundled tiny Llama: a run interrupted after a checkpoint and resumed ends with the same bytes
 * of weights and the same metrics as an uninterrupted one; settings that change results cannot change on resume;
 * bad rows name their line and leave nothing behind.
 */
class TrainingRunTest {
    private static final String PAIRS = String.join("\n",
            "{\"prompt\": \"Once upon a time\", \"chosen\": \"there was a cat.\", \"rejected\": \"the end\"}",
            "{\"prompt\": \"Lily liked\", \"chosen\": \"to play in the park with her dog.\", \"rejected\": \"no\"}",
            "{\"prompt\": \"The sun\", \"chosen\": \"was warm and bright.\", \"rejected\": \"sun sun sun\"}",
            "{\"prompt\": \"One day, Tom\", \"chosen\": \"found a red ball.\", \"rejected\": \"ball red a found\"}",
            "{\"prompt\": \"She said\", \"chosen\": \"thank you, mom!\", \"rejected\": \"!!\"}") + "\n";

    private static TrainConfig config(Path train, Path out, Map<String, Object> more) {
        Map<String, Object> o = new HashMap<>(Map.of(
                "model_path", TrainFixtures.modelDir("stories260K").toString(),
                "train_file", train.toString(), "output_dir", out.toString(), "max_steps", 5, "batch_size", 2,
                "learning_rate", 1e-3, "save_steps", 2, "warmup_steps", 1, "weight_decay", 0.1));
        o.put("seed", 3);
        o.putAll(more);
        return TrainFixtures.config(o);
    }

    private static TrainSummary run(TrainConfig c, boolean resume) {
        return new TrainingRun(c, resume, null, false, s -> { }).run();
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path tmp) throws IOException {
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS);
        Path whole = tmp.resolve("whole");
        run(config(train, whole, Map.of()), false);

        Path cut = tmp.resolve("cut");
        run(config(train, cut, Map.of()), false);
        // As if killed during step 3: the checkpoint of step 4, the final files and the summary never existed.
        AtomicDirectory.deleteTree(cut.resolve("checkpoint-4"));
        for (String f : List.of("model.safetensors", "config.json", TrainSummary.FILE)) {
            Files.delete(cut.resolve(f));
        }
        InputException refused = assertThrows(InputException.class, () -> run(config(train, cut, Map.of()), false));
        assertTrue(refused.getMessage().contains("--resume"), refused.getMessage());
        TrainSummary s = run(config(train, cut, Map.of()), true);
        assertEquals(2, s.resumedFromStep());
        assertEquals(5, s.globalStep());
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")),
                Files.readAllBytes(cut.resolve("model.safetensors")), "bit-identical weights");
        assertEquals(Files.readAllLines(whole.resolve(MetricsLog.FILE)).stream().map(TrainingRunTest::withoutTimes)
                .toList(), Files.readAllLines(cut.resolve(MetricsLog.FILE)).stream().map(TrainingRunTest::withoutTimes)
                .toList());
    }

    @Test
    void loggingEveryFewStepsAveragesTheLossAndMetricsAsTrlDoes(@TempDir Path tmp) throws IOException {
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS);
        run(config(train, tmp.resolve("each"), Map.of()), false);
        run(config(train, tmp.resolve("pairs"), Map.of("logging_steps", 2)), false);
        List<Map<String, Object>> each = rows(tmp.resolve("each"));
        List<Map<String, Object>> pairs = rows(tmp.resolve("pairs"));
        assertEquals(List.of(2, 4, 5), pairs.stream().map(r -> ((Number) r.get("step")).intValue()).toList());
        for (String key : List.of("loss", "rewards/margins", "rewards/accuracies", "logps/chosen")) {
            assertEquals(mean(each, key, 0, 2), number(pairs.get(0), key), 1e-12, key);
            assertEquals(mean(each, key, 2, 4), number(pairs.get(1), key), 1e-12, key);
            assertEquals(number(each.get(4), key), number(pairs.get(2), key), 0.0, key + " of a one-step window");
        }
        for (String key : List.of("grad_norm", "learning_rate", "epoch")) {
            assertEquals(number(each.get(3), key), number(pairs.get(1), key), 0.0, key + " is the last step's");
        }
    }

    private static List<Map<String, Object>> rows(Path out) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(MetricsLog.FILE))) {
            rows.add(json.readValue(line, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
        }
        return rows;
    }

    private static double number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }

    private static double mean(List<Map<String, Object>> rows, String key, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += number(rows.get(i), key);
        }
        return sum / (to - from);
    }

    @Test
    void aResumedLoraRunEqualsAnUninterruptedOneAndLeavesAPeftAdapter(@TempDir Path tmp) throws IOException {
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS);
        // Dropout on: its masks must be redrawn identically after the resume.
        Map<String, Object> lora = Map.of("lora.rank", 4, "lora.dropout", 0.1, "learning_rate", 1e-2);
        Path whole = tmp.resolve("whole");
        run(config(train, whole, lora), false);
        assertTrue(Files.isRegularFile(whole.resolve("checkpoint-2/adapter_model.safetensors")));
        assertTrue(Files.isRegularFile(whole.resolve("checkpoint-2/adapter_config.json")));
        assertFalse(Files.exists(whole.resolve("checkpoint-2/model.safetensors")), "no copy of the frozen base");
        assertFalse(Files.exists(whole.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(whole.resolve("tokenizer.json")));

        Path cut = tmp.resolve("cut");
        run(config(train, cut, lora), false);
        AtomicDirectory.deleteTree(cut.resolve("checkpoint-4"));
        for (String f : List.of("adapter_model.safetensors", "adapter_config.json", TrainSummary.FILE)) {
            Files.delete(cut.resolve(f));
        }
        TrainSummary s = run(config(train, cut, lora), true);
        assertEquals(2, s.resumedFromStep());
        assertArrayEquals(Files.readAllBytes(whole.resolve("adapter_model.safetensors")),
                Files.readAllBytes(cut.resolve("adapter_model.safetensors")), "bit-identical adapter");
        assertEquals(Files.readAllLines(whole.resolve(MetricsLog.FILE)).stream().map(TrainingRunTest::withoutTimes)
                .toList(), Files.readAllLines(cut.resolve(MetricsLog.FILE)).stream().map(TrainingRunTest::withoutTimes)
                .toList());

        Map<String, Object> other = new HashMap<>(lora);
        other.put("lora.rank", 8);
        InputException e = assertThrows(InputException.class, () -> run(config(train, cut, other), true));
        assertTrue(e.getMessage().contains("lora"), e.getMessage());

        // The adapter changed the model, and the base + adapter directory loads for sampling.
        try (HfModel base = HfModel.load(TrainFixtures.modelDir("stories260K"), Device.cpu());
             HfModel tuned = LoraMerge.loadMerged(TrainFixtures.modelDir("stories260K"), whole, "cpu")) {
            String name = "model.layers.0.self_attn.q_proj.weight";
            assertFalse(java.util.Arrays.equals(base.model().parameters().get(name).toFloatArray(),
                    tuned.model().parameters().get(name).toFloatArray()));
        }
    }

    @Test
    void aChangedSettingIsRefusedOnResumeByName(@TempDir Path tmp) throws IOException {
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS);
        Path out = tmp.resolve("out");
        run(config(train, out, Map.of("max_steps", 2)), false);
        InputException e = assertThrows(InputException.class,
                () -> run(config(train, out, Map.of("max_steps", 2, "learning_rate", 2e-3)), true));
        assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
    }

    @Test
    void aBadRowNamesItsLineAndWritesNothing(@TempDir Path tmp) throws IOException {
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"),
                PAIRS + "{\"prompt\": \"x\", \"chosen\": \"y\"}\n");
        Path out = tmp.resolve("out");
        InputException e = assertThrows(InputException.class, () -> run(config(train, out, Map.of()), false));
        assertTrue(e.getMessage().contains("pairs.jsonl:6") && e.getMessage().contains("rejected"), e.getMessage());
        assertFalse(Files.exists(out.resolve(MetricsLog.FILE)));
        assertFalse(Files.exists(out.resolve("model.safetensors")));
    }

    /** Wall-clock fields differ between runs; everything else must not. */
    private static String withoutTimes(String line) {
        return line.replaceAll("\"(tokens_per_second|elapsed_seconds)\":[^,}]*", "");
    }
}
