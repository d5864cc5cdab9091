package dev.codedpo.cli;

import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.io.InputException;
import dev.codedpo.data.world.CodeWorldConfig;
import dev.codedpo.data.world.WorldFiles;
import dev.codedpo.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code codedpo demo} runs: the bundled configs (demo-world.yaml, demo-pretrain.yaml, demo-run.yaml in the
 * configs directory), the seeds, and the user's changes, each prefixed by the config it changes ({@code world.},
 * {@code pretrain.}, {@code run.}). {@code --quick} puts its smaller sizes first, so the user's changes still win.
 */
record DemoSettings(Path configs, Path out, int seeds, boolean quick, List<String> sets, Long onlySeed,
                    int parallelSeeds) {
    static final String WORLD = "demo-world.yaml";
    static final String PRETRAIN = "demo-pretrain.yaml";
    static final String RUN = "demo-run.yaml";

    /**
     * The quick demo: a world, a model and samples small enough for a test on a loaded 2-core machine (about 100 s
     * there, three quarters of it pretraining). Eight training tasks seen 45 times each: the SFT model mostly
     * recites them, enough for pairs; it learns nothing that carries to held-out tasks. The point is that every step
     * runs and every file and row appears.
     */
    static final List<String> QUICK = List.of(
            "world.train_tasks=8", "world.heldout_tasks=8", "world.hidden_size=64", "world.intermediate_size=172",
            "world.num_heads=2",
            "pretrain.max_steps=200", "pretrain.batch_size=8", "pretrain.warmup_steps=10",
            "pretrain.learning_rate=5e-3",
            "run.generate.num_codes=4", "run.generate.num_tests=3", "run.generate.temperature=0.7",
            "run.generate.max_new_tokens_code=64", "run.generate.max_new_tokens_tests=64",
            "run.train.num_epochs=1", "run.eval.max_new_tokens=64",
            "run.compare.repeats=1");

    DemoSettings {
        if (seeds < 1) {
            throw new InputException("--seeds: at least 1, got " + seeds);
        }
        if (parallelSeeds < 1) {
            throw new InputException("--parallel-seeds: at least 1, got " + parallelSeeds);
        }
        if (onlySeed != null && (onlySeed < 0 || onlySeed >= seeds)) {
            throw new InputException("--only-seed: one of the seeds 0.." + (seeds - 1) + ", got " + onlySeed);
        }
        sets = List.copyOf(sets);
        for (String s : sets) {
            if (!(s.startsWith("world.") || s.startsWith("pretrain.") || s.startsWith("run."))) {
                throw new InputException("--set " + s + ": start the key with world., pretrain. or run. (the "
                        + "config it changes), e.g. --set run.train.learning_rate=1e-4");
            }
        }
        for (String f : List.of(WORLD, PRETRAIN, RUN)) {
            if (!Files.isRegularFile(configs.resolve(f))) {
                throw new InputException("--configs: " + configs.resolve(f) + ": no such file (run from the "
                        + "repository root or give --configs DIR)");
            }
        }
    }

    int seedCount() {
        return seeds;
    }

    /** The seeds this process works on: all of them, or the one a parent demo gave it. */
    List<Long> seedsToRun() {
        if (onlySeed != null) {
            return List.of(onlySeed);
        }
        List<Long> all = new ArrayList<>();
        for (long s = 0; s < seedCount(); s++) {
            all.add(s);
        }
        return all;
    }

    /** Whether this process hands its seeds to child processes, {@link #parallelSeeds} at a time. */
    boolean seedsInChildren() {
        return onlySeed == null && parallelSeeds > 1 && seedCount() > 1;
    }

    /** The options that make a child demo process do what this one would (it adds --only-seed). */
    List<String> childArgs() {
        List<String> a = new ArrayList<>(List.of("--out", out.toString(), "--configs",
                configs.toAbsolutePath().toString(), "--seeds", Integer.toString(seeds)));
        if (quick) {
            a.add("--quick");
        }
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a;
    }

    CodeWorldConfig world() {
        return ConfigLoader.load(CodeWorldConfig.class, CodeWorldConfig.defaults(), configs.resolve(WORLD),
                section("world."), Map.of());
    }

    /** The SFT run from scratch of one seed: initial weights in init/, the SFT model in sft-model/. */
    TrainConfig pretrain(long seed, Path world, Path seedDir) {
        Map<String, Object> wired = new LinkedHashMap<>();
        wired.put("model_path", seedDir.resolve("init-model").toString());
        wired.put("train_file", world.resolve(WorldFiles.SFT).toString());
        wired.put("output_dir", seedDir.resolve("sft-model").toString());
        wired.put("seed", seed);
        return ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), configs.resolve(PRETRAIN),
                section("pretrain."), wired);
    }

    /** A variant's run config before the run wires its stage paths. */
    RunConfig run(DemoVariant variant, long seed, Path world, Path sftModel) {
        Map<String, Object> wired = new LinkedHashMap<>();
        wired.put("generate.tasks_file", world.resolve(WorldFiles.TRAIN_TASKS).toString());
        wired.put("train.model_path", sftModel.toString());
        wired.put("eval.suites", List.of(world.resolve(WorldFiles.HELDOUT_SUITE).toString()));
        wired.put("eval.cache_dir", out.resolve("cache").toString());
        wired.put("compare.cache_dir", out.resolve("cache").toString());
        for (String k : List.of("generate.seed", "pairs.seed", "train.seed", "eval.seed")) {
            wired.put(k, seed);
        }
        if (variant.reusesExecutions()) {
            wired.put("pairs.reuse_executions", sftModel.getParent().resolve(DemoVariant.MAIN)
                    .resolve(dev.codedpo.data.pairing.PairsStage.NAME).toString());
        }
        List<String> all = new ArrayList<>(section("run."));
        all.addAll(variant.sets());
        RunConfig c = ConfigLoader.load(RunConfig.class, RunConfig.defaults(), configs.resolve(RUN), all, wired);
        // The prompt templates are named relative to the repository root (configs/prompts/...): found from the
        // configs directory when the demo runs elsewhere.
        wired.put("generate.code_template", beside(c.generate().codeTemplate()));
        wired.put("generate.tests_template", beside(c.generate().testsTemplate()));
        return ConfigLoader.load(RunConfig.class, RunConfig.defaults(), configs.resolve(RUN), all, wired);
    }

    private String beside(String file) {
        Path p = Path.of(file);
        Path root = configs.toAbsolutePath().normalize().getParent();
        if (p.isAbsolute() || Files.exists(p) || root == null || !Files.exists(root.resolve(p))) {
            return file;
        }
        return root.resolve(p).toString();
    }

    /** The quick sizes and the user's changes of one config, prefix removed. */
    private List<String> section(String prefix) {
        List<String> out = new ArrayList<>();
        List<String> all = new ArrayList<>(quick ? QUICK : List.of());
        all.addAll(sets);
        for (String s : all) {
            if (s.startsWith(prefix)) {
                out.add(s.substring(prefix.length()));
            }
        }
        return out;
    }
}
