package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.generate.GenerationConfig;
import dev.codedpo.models.generate.Generator;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.pretrain.Pretraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's SFT model from scratch, on a code world of a few tasks with a tiny model: {@code init-model} draws the
 * same bytes for a seed (and others for another seed), and pretraining memorises its training rows, so greedy
 * decoding of a training prompt gives back exactly the completion it was trained on; a second run gives the same
 * weights bytes.
 */
class PretrainingTest {
    @TempDir
    static Path tmp;
    static Path world;

    @BeforeAll
    static void tinyWorld() {
        world = tmp.resolve("world");
        StdErr.Run r = StdErr.execute("world", "--out", world.toString(), "--seed", "1", "--train-tasks", "4",
                "--heldout-tasks", "1", "--set", "vocab_size=300", "--set", "hidden_size=32",
                "--set", "intermediate_size=64", "--set", "num_layers=1", "--set", "num_heads=2",
                "--set", "workers=1", "--no-progress");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
    }

    @Test
    void initModelIsDeterministicForASeedAndRefusesAnExistingDirectory() throws Exception {
        Path model = world.resolve("model");
        List<byte[]> weights = new ArrayList<>();
        for (String[] run : List.of(new String[] {"a", "5"}, new String[] {"b", "5"}, new String[] {"c", "6"})) {
            Path out = tmp.resolve("init-" + run[0]);
            StdErr.Run r = StdErr.execute("init-model", "--config", model.toString(), "--out", out.toString(),
                    "--seed", run[1]);
            assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
            weights.add(Files.readAllBytes(out.resolve("model.safetensors")));
            assertArrayEquals(Files.readAllBytes(model.resolve("tokenizer.json")),
                    Files.readAllBytes(out.resolve("tokenizer.json")), "the tokenizer travels with the weights");
        }
        assertArrayEquals(weights.get(0), weights.get(1), "same seed, same bytes");
        assertFalse(java.util.Arrays.equals(weights.get(0), weights.get(2)), "another seed, other weights");
        try (HfModel hf = HfModel.load(tmp.resolve("init-a"), Device.cpu())) {
            assertEquals(32, hf.model().config().hiddenSize());
            assertEquals(300, hf.model().config().vocabSize());
        }

        StdErr.Run again = StdErr.execute("init-model", "--config", model.toString(), "--out",
                tmp.resolve("init-a").toString());
        assertEquals(Main.EXIT_USAGE, again.exitCode(), again.stderr());
        assertTrue(again.stderr().contains("exists already"), again.stderr());
        StdErr.Run noConfig = StdErr.execute("init-model", "--config", tmp.resolve("nowhere").toString(), "--out",
                tmp.resolve("init-z").toString());
        assertEquals(Main.EXIT_USAGE, noConfig.exitCode(), noConfig.stderr());
        assertFalse(Files.exists(tmp.resolve("init-z")));
    }

    @Test
    void pretrainingMemorisesTwoRowsAndIsDeterministic() throws Exception {
        // Two code rows of different tasks: the model has to tell the prompts apart to give each its own body.
        List<JsonNode> rows = new ArrayList<>();
        Set<String> tasks = new LinkedHashSet<>();
        for (String line : Files.readAllLines(world.resolve("sft.jsonl"))) {
            JsonNode row = Json.MAPPER.readTree(line);
            if (row.get("kind").asText().equals("code") && tasks.add(row.get("task_id").asText())) {
                rows.add(row);
            }
        }
        List<JsonNode> two = rows.subList(0, 2);
        assertFalse(two.get(0).get("completion").asText().equals(two.get(1).get("completion").asText()));
        Path train = tmp.resolve("two.jsonl");
        StringBuilder text = new StringBuilder();
        for (JsonNode row : two) {
            text.append(Json.line(Map.of("prompt", row.get("prompt").asText(),
                    "completion", row.get("completion").asText()))).append('\n');
        }
        Files.writeString(train, text);

        byte[] first = pretrain(train, "run1");
        byte[] second = pretrain(train, "run2");
        assertArrayEquals(first, second, "same seed and settings, same weights bytes");

        try (HfModel hf = HfModel.load(tmp.resolve("run1/sft"), Device.cpu())) {
            GenerationConfig greedy = new GenerationConfig(64, 0, 1.0, 0, 1, 0, List.of(), true, 2);
            var out = new Generator(hf).generate(List.of(two.get(0).get("prompt").asText(),
                    two.get(1).get("prompt").asText()), greedy);
            for (int i = 0; i < 2; i++) {
                assertEquals(two.get(i).get("completion").asText(), out.get(i).get(0).text());
                assertEquals("eos", out.get(i).get(0).finishReason(), "the memorised completion ends with EOS");
            }
        }
    }

    @Test
    void aMissingTrainingFileIsRefusedBeforeAnyWeightsAreWritten() {
        Path dir = tmp.resolve("missing");
        TrainConfig cfg = settings(tmp.resolve("no-such.jsonl"), dir);
        InputException e = assertThrows(InputException.class,
                () -> Pretraining.run(world.resolve("model"), 7, cfg, false, s -> { }));
        assertTrue(e.getMessage().startsWith("train_file"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("init")));
        assertFalse(Files.exists(dir.resolve("sft")));
    }

    private static byte[] pretrain(Path train, String name) throws Exception {
        Path dir = tmp.resolve(name);
        Pretraining.run(world.resolve("model"), 7, settings(train, dir), false, s -> { });
        return Files.readAllBytes(dir.resolve("sft/model.safetensors"));
    }

    private static TrainConfig settings(Path train, Path dir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("method", "sft");
        settings.put("model_path", dir.resolve("init").toString());
        settings.put("train_file", train.toString());
        settings.put("output_dir", dir.resolve("sft").toString());
        settings.put("learning_rate", 2e-2);
        settings.put("lr_scheduler", "constant");
        settings.put("max_steps", 60);
        settings.put("batch_size", 2);
        settings.put("shuffle", false);
        settings.put("save_steps", 0);
        settings.put("threads", 1);
        return ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), null, List.of(), settings);
    }
}
