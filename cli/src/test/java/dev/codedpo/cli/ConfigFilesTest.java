package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.data.build.PairsConfig;
import dev.codedpo.data.generate.GenerateConfig;
import dev.codedpo.data.world.CodeWorldConfig;
import dev.codedpo.train.Method;
import dev.codedpo.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file in configs/ loads with its command's settings (no unknown key, no wrong type), and the trainer's files
 * are exactly what the one description per key renders (so --help and the files cannot drift apart). After changing
 * a description, rewrite them with {@code CODEDPO_WRITE_CONFIGS=1 mvn -pl cli -am test -Dtest=ConfigFilesTest}.
 */
class ConfigFilesTest {
    static final Map<String, Map<String, Object>> TRAIN_FILES = Map.of(
            "train-dpo.yaml", Map.of("method", "dpo", "rpo_alpha", 1.0),
            "train-kto.yaml", Map.of("method", "kto"),
            "train-sft.yaml", Map.of("method", "sft", "learning_rate", 2e-5));

    static Path configs() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("configs"))) {
            p = p.getParent();
        }
        return p.resolve("configs");
    }

    static String render(String name) {
        TrainConfig c = ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), null, List.of(),
                new HashMap<>(TRAIN_FILES.get(name)));
        return ConfigDocs.yaml(TrainConfig.class, c, "Settings of `codedpo train --config " + "configs/" + name
                + "` (" + c.method().label() + ").\nSet model_path, train_file and output_dir here or with --set.");
    }

    @Test
    void everyFileLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(configs())) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            if (f.getFileName().toString().startsWith("train-")) {
                ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), f, List.of(), Map.of());
            } else if (f.getFileName().toString().equals("demo-pretrain.yaml")) {
                TrainConfig c = ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), f, List.of(), Map.of());
                assertEquals(Method.SFT, c.method(), "the demo's pretraining is sft");
                assertEquals(null, c.modelPath(), "model_path is the demo's to fill");
                assertEquals(null, c.trainFile(), "train_file is the demo's to fill");
                assertEquals(null, c.outputDir(), "output_dir is the demo's to fill");
            } else if (f.getFileName().toString().equals("demo-world.yaml")) {
                ConfigLoader.load(CodeWorldConfig.class, CodeWorldConfig.defaults(), f, List.of(), Map.of());
            } else if (f.getFileName().toString().equals("generate.yaml")) {
                assertEquals(GenerateConfig.defaults(), ConfigLoader.load(GenerateConfig.class,
                        GenerateConfig.defaults(), f, List.of(), Map.of()), "generate.yaml shows the defaults");
            } else {
                assertEquals("pairs.yaml", f.getFileName().toString(), "a config file no test knows");
                assertEquals(PairsConfig.defaults(), ConfigLoader.load(PairsConfig.class, PairsConfig.defaults(), f,
                        List.of(), Map.of()), "pairs.yaml shows the defaults");
            }
        }
    }

    static String renderGenerate() {
        return ConfigDocs.yaml(GenerateConfig.class, GenerateConfig.defaults(), "Settings of `codedpo generate "
                + "--config configs/generate.yaml` (the paper's sampling: 15 codes, 15 tests, temperature 1.5).\n"
                + "Set tasks_file, output_dir and model_path (or backend: openai, base_url, model_name) here or with "
                + "--set.\nInstruct models: prompt_style instruct with configs/prompts/code-instruct.jinja and "
                + "tests-instruct.jinja.");
    }

    @Test
    void generateFileIsRenderedFromTheDescriptions() throws IOException {
        Path f = configs().resolve("generate.yaml");
        if (System.getenv("CODEDPO_WRITE_CONFIGS") != null) {
            Files.writeString(f, renderGenerate());
        }
        assertEquals(renderGenerate(), Files.readString(f), "generate.yaml (rerun with CODEDPO_WRITE_CONFIGS=1)");
        assertEquals(List.of(), ConfigDocs.undescribed(GenerateConfig.class));
    }

    @Test
    void trainFilesAreRenderedFromTheDescriptions() throws IOException {
        for (String name : TRAIN_FILES.keySet()) {
            Path f = configs().resolve(name);
            if (System.getenv("CODEDPO_WRITE_CONFIGS") != null) {
                Files.writeString(f, render(name));
            }
            assertEquals(render(name), Files.readString(f), name + " (rerun with CODEDPO_WRITE_CONFIGS=1 to rewrite)");
        }
    }
}
