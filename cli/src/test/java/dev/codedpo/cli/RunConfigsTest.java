package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipes in configs/run-*.yaml: rendered from one description (the paper's DeepSeek-Coder-1.3B recipe and its
 * ablations differ only in the keys listed here), and each passes {@code codedpo run --dry-run} against a model
 * directory that holds only config.json, so the dry run provably reads no weights.
 */
class RunConfigsTest {
    static final String RECIPE = "run-deepseek-coder-1.3b";

    /** The paper's recipe (CODEDPO.md): self-served sampling at 1.5, self-verification, DPO + RPO with LoRA on GPU. */
    static Map<String, Object> recipe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generate.tasks_file", "examples/tasks.jsonl");
        m.put("generate.backend", "openai");
        m.put("generate.base_url", "http://localhost:8000");
        m.put("generate.model_name", "deepseek-ai/deepseek-coder-1.3b-base");
        m.put("generate.concurrency", 16);
        m.put("pairs.ranking", "self-verify");
        m.put("train.method", "dpo");
        m.put("train.model_path", "models/deepseek-coder-1.3b-base");
        m.put("train.rpo_alpha", 1.0);
        m.put("train.learning_rate", 5e-6);
        m.put("train.warmup_steps", 10);
        m.put("train.num_epochs", 10.0);
        m.put("train.batch_size", 4);
        m.put("train.grad_accum_steps", 4);
        m.put("train.save_steps", 200);
        m.put("train.save_total_limit", 2);
        m.put("train.device", "gpu");
        m.put("train.lora.rank", 16);
        m.put("train.lora.alpha", 32.0);
        m.put("eval.suites", List.of("humaneval-plus", "mbpp-plus"));
        m.put("eval.device", "gpu");
        return m;
    }

    /** Each ablation: the recipe with these keys changed. */
    static final Map<String, Map<String, Object>> VARIANTS = variants();

    private static Map<String, Map<String, Object>> variants() {
        Map<String, Map<String, Object>> v = new LinkedHashMap<>();
        v.put(RECIPE, Map.of());
        v.put(RECIPE + "-kto", Map.of("train.method", "kto"));
        v.put(RECIPE + "-sft", Map.of("train.method", "sft", "train.rpo_alpha", 0.0, "train.learning_rate", 2e-5));
        for (String r : List.of("pass-count", "all-tests", "codet", "random")) {
            v.put(RECIPE + "-" + r, Map.of("pairs.ranking", r));
        }
        return v;
    }

    static String render(String name) {
        Map<String, Object> options = new LinkedHashMap<>(recipe());
        options.putAll(VARIANTS.get(name));
        RunConfig c = ConfigLoader.load(RunConfig.class, RunConfig.defaults(), null, List.of(), options);
        String what = name.equals(RECIPE) ? "the paper's recipe" : "ablation: " + new java.util.TreeMap<>(VARIANTS.get(name));
        return ConfigDocs.yaml(RunConfig.class, c, "Settings of `codedpo run --config configs/" + name + ".yaml` ("
                + what + ").\nDeepSeek-Coder-1.3B base, codes and tests sampled from the model served by an "
                + "OpenAI-compatible server (e.g. vLLM)\nat base_url; train.model_path is its Hugging Face directory. "
                + "Rendered by RunConfigsTest (CODEDPO_WRITE_CONFIGS=1).");
    }

    @Test
    void recipesAreRenderedFromOneDescription() throws IOException {
        for (String name : VARIANTS.keySet()) {
            Path f = ConfigFilesTest.configs().resolve(name + ".yaml");
            if (System.getenv("CODEDPO_WRITE_CONFIGS") != null) {
                Files.writeString(f, render(name));
            }
            assertEquals(render(name), Files.readString(f), name + " (rerun with CODEDPO_WRITE_CONFIGS=1)");
        }
        assertEquals(List.of(), ConfigDocs.undescribed(RunConfig.class));
    }

    static Path repo() {
        return ConfigFilesTest.configs().getParent();
    }

    static Path realShapes() {
        return repo().resolve("train/src/test/resources/real-shapes/deepseek-coder-1.3b");
    }

    /** The repo-relative paths of the recipe, made absolute (tests run in the module directory). */
    static String[] dryRun(String name, Path runDir, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--config",
                ConfigFilesTest.configs().resolve(name + ".yaml").toString(), "--dry-run", "--run-dir",
                runDir.toString(), "--set", "train.model_path=" + realShapes(),
                "--set", "generate.tasks_file=" + repo().resolve("examples/tasks.jsonl"),
                "--set", "generate.code_template=" + repo().resolve("configs/prompts/code.jinja"),
                "--set", "generate.tests_template=" + repo().resolve("configs/prompts/tests.jinja")));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void everyRecipePassesTheDryRunWithoutWeights(@TempDir Path tmp) {
        assertFalse(Files.exists(realShapes().resolve("model.safetensors")), "the test model must be weightless");
        for (String name : VARIANTS.keySet()) {
            Path runDir = tmp.resolve(name);
            Console.Run r = Console.execute(dryRun(name, runDir));
            assertEquals(Main.EXIT_OK, r.exitCode(), name + ": " + r.all());
            for (String stage : List.of("eval-before", "generate", "pairs", "train", "eval-after", "compare")) {
                assertTrue(r.stdout().lines().anyMatch(l -> l.trim().startsWith(stage + " ")
                        && l.contains("run") && l.contains("not run yet")), name + " " + stage + ":\n" + r.stdout());
            }
            // DeepSeek-Coder-1.3B: 1.35e9 parameters (MemoryPlanTest). LoRA rank 16 on all seven projections of
            // its 24 layers (hidden 2048, intermediate 5504): 16 x (4 x 4096 + 3 x 7552) x 24 = 14,991,360 trained.
            assertTrue(r.stdout().contains("parameters 1,346,") && r.stdout().contains("(trained 14,991,360)"),
                    r.stdout());
            assertTrue(r.stdout().contains("LoRA rank 16"), r.stdout());
            assertFalse(Files.exists(runDir), "a dry run writes nothing");
        }
    }

    /** A tasks section puts `codedpo tasks` first and feeds its tasks.jsonl to generate. */
    @Test
    void aTasksSectionAddsTheTasksStage(@TempDir Path tmp) throws IOException {
        Path seeds = Files.createDirectories(tmp.resolve("seeds"));
        Files.writeString(seeds.resolve("lib.py"), "def add(a, b):\n    return a + b\n");
        String recipe = Files.readString(ConfigFilesTest.configs().resolve(RECIPE + ".yaml"));
        assertTrue(recipe.contains("\ntasks: null"), "the recipe names the optional section");
        Path cfg = Files.writeString(tmp.resolve("with-tasks.yaml"), recipe.replaceFirst("\ntasks: null[^\n]*",
                java.util.regex.Matcher.quoteReplacement("\ntasks:\n  seeds: " + seeds + "\n  model_path: "
                        + realShapes() + "\n  task_template: " + repo().resolve("configs/prompts/task.jinja"))));
        String[] base = {"run", "--config", cfg.toString(), "--dry-run", "--run-dir", tmp.resolve("r").toString(),
                "--set", "train.model_path=" + realShapes(), "--set", "generate.tasks_file=null",
                "--set", "generate.code_template=" + repo().resolve("configs/prompts/code.jinja"),
                "--set", "generate.tests_template=" + repo().resolve("configs/prompts/tests.jinja")};
        Console.Run r = Console.execute(base);
        assertEquals(Main.EXIT_OK, r.exitCode(), r.all());
        List<String> order = r.stdout().lines().map(String::trim)
                .filter(l -> l.matches("^(eval-before|tasks|generate|pairs|train|eval-after|compare) .*"))
                .map(l -> l.split(" ")[0]).distinct().toList();
        assertEquals(List.of("eval-before", "tasks", "generate", "pairs", "train", "eval-after", "compare"), order,
                r.stdout());
        String[] withFile = java.util.Arrays.copyOf(base, base.length + 2);
        withFile[base.length] = "--set";
        withFile[base.length + 1] = "generate.tasks_file=" + repo().resolve("examples/tasks.jsonl");
        Console.Run refused = Console.execute(withFile);
        assertEquals(Main.EXIT_USAGE, refused.exitCode(), refused.all());
        assertTrue(refused.stderr().contains("generate.tasks_file"), refused.stderr());
    }

    @Test
    void keysTheRunSetsAreRefused(@TempDir Path tmp) {
        Console.Run r = Console.execute(dryRun(RECIPE, tmp.resolve("r"), "--set", "train.output_dir=elsewhere"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("train.output_dir: set by codedpo run"), r.stderr());
    }

    @Test
    void aBadValueNamesItsKeyPath(@TempDir Path tmp) {
        Console.Run r = Console.execute(dryRun(RECIPE, tmp.resolve("r"), "--set", "generate.temperatur=1.0"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("generate.temperatur") && r.stderr().contains("temperature"), r.stderr());
        Console.Run typed = Console.execute(dryRun(RECIPE, tmp.resolve("r"), "--set", "pairs.damping=high"));
        assertEquals(Main.EXIT_USAGE, typed.exitCode(), typed.all());
        assertTrue(typed.stderr().contains("pairs.damping"), typed.stderr());
    }

    @Test
    void aModelDirectoryWithoutConfigIsRefused(@TempDir Path tmp) {
        Console.Run r = Console.execute(dryRun(RECIPE, tmp.resolve("r"), "--set", "train.model_path=" + tmp));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("train.model_path") && r.stderr().contains("config.json"), r.stderr());
    }
}
