package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.data.pairing.PairsConfig;
import dev.codedpo.data.generate.GenerateConfig;
import dev.codedpo.data.tasks.TasksConfig;
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

    /** Paper settings (CODEDPO.md: DPO + RPO term, lr 5e-6, linear schedule with warm-up, 10 epochs) per model. */
    static final Map<String, List<String>> MODEL_FILES = Map.of(
            "deepseek-coder-1.3b-dpo.yaml", List.of("model_path=models/deepseek-coder-1.3b-base",
                    "output_dir=runs/deepseek-coder-1.3b-dpo", "batch_size=4", "grad_accum_steps=8"),
            "qwen2.5-coder-1.5b-lora-dpo.yaml", List.of("model_path=models/qwen2.5-coder-1.5b",
                    "output_dir=runs/qwen2.5-coder-1.5b-lora-dpo", "batch_size=4", "grad_accum_steps=8",
                    "dtype=bfloat16", "lora.rank=16", "lora.alpha=32", "lora.dropout=0.0"),
            "deepseek-coder-6.7b-lora-dpo.yaml", List.of("model_path=models/deepseek-coder-6.7b-base",
                    "output_dir=runs/deepseek-coder-6.7b-lora-dpo", "batch_size=4", "grad_accum_steps=8",
                    "dtype=bfloat16", "lora.rank=16", "lora.alpha=32", "lora.dropout=0.0",
                    "gradient_checkpointing=true"));

    /** What every model file shares: the paper's training settings on one GPU. */
    private static final List<String> PAPER = List.of("method=dpo", "train_file=pairs.jsonl", "loss_type=sigmoid",
            "beta=0.1", "rpo_alpha=1.0", "learning_rate=5e-6", "lr_scheduler=linear", "warmup_steps=100",
            "num_epochs=10", "max_length=1024", "max_prompt_length=512", "precompute_ref_logps=true", "device=gpu",
            "logging_steps=10", "save_steps=500", "save_total_limit=3", "seed=42");

    static String renderModel(String name) {
        List<String> sets = new java.util.ArrayList<>(PAPER);
        sets.addAll(MODEL_FILES.get(name));
        TrainConfig c = ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), null, sets, new HashMap<>());
        return ConfigDocs.yaml(TrainConfig.class, c, "Settings of `codedpo train --config configs/" + name + "`:\n"
                + "the paper's DPO + RPO recipe (lr 5e-6, linear schedule with warm-up, 10 epochs) on one GPU.\n"
                + "model_path: a local Hugging Face directory you provide (config.json, safetensors, tokenizer);\n"
                + "train_file: the pairs.jsonl of `codedpo pairs`. Check the memory first:\n"
                + "  codedpo train --config configs/" + name + " --dry-run --device-memory 141");
    }

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
            if (f.getFileName().toString().startsWith("run-")) {
                ConfigLoader.load(RunConfig.class, RunConfig.defaults(), f, List.of(), Map.of());
            } else if (f.getFileName().toString().startsWith("train-")
                    || MODEL_FILES.containsKey(f.getFileName().toString())) {
                ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), f, List.of(), Map.of());
            } else if (f.getFileName().toString().equals("demo-pretrain.yaml")) {
                TrainConfig c = ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), f, List.of(), Map.of());
                assertEquals(Method.SFT, c.method(), "the demo's pretraining is sft");
                assertEquals(null, c.modelPath(), "model_path is the demo's to fill");
                assertEquals(null, c.trainFile(), "train_file is the demo's to fill");
                assertEquals(null, c.outputDir(), "output_dir is the demo's to fill");
            } else if (f.getFileName().toString().equals("demo-run.yaml")) {
                RunConfig c = ConfigLoader.load(RunConfig.class, RunConfig.defaults(), f, List.of(), Map.of());
                assertEquals(null, c.generate().tasksFile(), "tasks_file is the demo's to fill");
                assertEquals(null, c.train().modelPath(), "model_path is the demo's to fill");
                assertEquals(Method.DPO, c.train().method(), "the main run is CodeDPO");
            } else if (f.getFileName().toString().equals("demo-world.yaml")) {
                ConfigLoader.load(CodeWorldConfig.class, CodeWorldConfig.defaults(), f, List.of(), Map.of());
            } else if (f.getFileName().toString().equals("generate.yaml")) {
                assertEquals(GenerateConfig.defaults(), ConfigLoader.load(GenerateConfig.class,
                        GenerateConfig.defaults(), f, List.of(), Map.of()), "generate.yaml shows the defaults");
            } else if (f.getFileName().toString().equals("tasks.yaml")) {
                assertEquals(TasksConfig.defaults(), ConfigLoader.load(TasksConfig.class, TasksConfig.defaults(), f,
                        List.of(), Map.of()), "tasks.yaml shows the defaults");
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

    static String renderTasks() {
        return ConfigDocs.yaml(TasksConfig.class, TasksConfig.defaults(), "Settings of `codedpo tasks --config "
                + "configs/tasks.yaml` (OSS-Instruct-style task creation; greedy, 10-gram decontamination).\n"
                + "Set seeds, output_dir and model_path (or backend: openai, base_url, model_name) here or with --set.\n"
                + "Instruct models: prompt_style instruct with configs/prompts/task-instruct.jinja.");
    }

    @Test
    void tasksFileIsRenderedFromTheDescriptions() throws IOException {
        Path f = configs().resolve("tasks.yaml");
        if (System.getenv("CODEDPO_WRITE_CONFIGS") != null) {
            Files.writeString(f, renderTasks());
        }
        assertEquals(renderTasks(), Files.readString(f), "tasks.yaml (rerun with CODEDPO_WRITE_CONFIGS=1)");
        assertEquals(List.of(), ConfigDocs.undescribed(TasksConfig.class));
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
        for (String name : MODEL_FILES.keySet()) {
            Path f = configs().resolve(name);
            if (System.getenv("CODEDPO_WRITE_CONFIGS") != null) {
                Files.writeString(f, renderModel(name));
            }
            assertEquals(renderModel(name), Files.readString(f), name + " (rerun with CODEDPO_WRITE_CONFIGS=1)");
        }
    }
}
