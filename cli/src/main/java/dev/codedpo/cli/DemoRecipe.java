package dev.codedpo.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.codedpo.core.io.AtomicDirectory;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageRecord;
import dev.codedpo.data.generate.GenerateStage;
import dev.codedpo.data.pairing.PairsConfig;
import dev.codedpo.data.pairing.PairsStage;
import dev.codedpo.data.rank.CandidateTruth;
import dev.codedpo.data.rank.PairQuality;
import dev.codedpo.data.rank.RankingAgreement;
import dev.codedpo.data.rank.RankingKind;
import dev.codedpo.data.report.RunData;
import dev.codedpo.data.world.CodeWorld;
import dev.codedpo.data.world.CodeWorldConfig;
import dev.codedpo.data.world.WorldFiles;
import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.run.EvalConfig;
import dev.codedpo.eval.run.EvalJob;
import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.pretrain.Pretraining;
import dev.codedpo.train.run.TrainSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The demo's work in its output directory: the code world once, then per seed the SFT model, the main CodeDPO run,
 * the ablations (sharing the main run's finished stages by copying them) and the ground truth of the rankings. Every
 * step is skipped when its result is there with the same settings, so an interrupted demo resumes.
 */
final class DemoRecipe {
    static final String WORLD_DIR = "world";
    static final String SFT_MODEL = "sft-model";
    static final String GROUND_TRUTH = "ground-truth";
    static final String AGREEMENT = "ranking_agreement.json";
    static final String PAIR_QUALITY = "pair_quality.json";

    /**
     * One seed's runs (by variant name, in order), the variants that stopped with an input error (by name: the
     * message, e.g. a ranking that left no pairs to train on), and the rankings' agreement with the ground truth.
     */
    record SeedResult(long seed, Map<String, RunData> runs, Map<String, String> failures,
                      Map<RankingKind, RankingAgreement.Result> agreement,
                      Map<String, PairQuality.Counts> pairQuality) {}

    private final DemoSettings settings;
    private final List<DemoVariant> variants;
    /** Where progress goes; silenced for the pass that only reads what child processes made. */
    private Consumer<String> log;
    /** The world's time in OUT/timings.json, each seed's in its own directory (child processes write those). */
    private final DemoTimes worldTimes;
    private final Map<Long, DemoTimes> seedTimes = new java.util.concurrent.ConcurrentHashMap<>();

    DemoRecipe(DemoSettings settings, List<DemoVariant> variants, Consumer<String> log) {
        this.settings = settings;
        this.variants = List.copyOf(variants);
        this.log = log;
        createDirectories(settings.out());
        this.worldTimes = DemoTimes.open(settings.out());
    }

    /** Seconds per kind of work over the world and every seed, including work that earlier invocations did. */
    Map<String, Double> timesByKind(List<String> order) {
        Map<String, Double> out = new LinkedHashMap<>(worldTimes.byKind(order));
        for (long seed = 0; seed < settings.seedCount(); seed++) {
            times(seed).byKind(order).forEach((k, v) -> out.merge(k, v, Double::sum));
        }
        return out;
    }

    /** Sandbox processes per kind of work, as {@link #timesByKind}. */
    Map<String, Double> processesByKind(List<String> order) {
        Map<String, Double> out = new LinkedHashMap<>(worldTimes.processesByKind(order));
        for (long seed = 0; seed < settings.seedCount(); seed++) {
            times(seed).processesByKind(order).forEach((k, v) -> out.merge(k, v, Double::sum));
        }
        return out;
    }

    private DemoTimes times(long seed) {
        return seedTimes.computeIfAbsent(seed, s -> DemoTimes.open(seedDir(s)));
    }

    private Path seedDir(long seed) {
        return settings.out().resolve("seed-" + seed);
    }

    List<SeedResult> run() {
        check();
        Path world = world();
        if (settings.seedsInChildren()) {
            log.accept("seeds " + settings.seedsToRun() + ": " + Math.min(settings.parallelSeeds(),
                    settings.seedCount()) + " at a time, each in its own process");
            DemoSeedProcesses.run(settings.seedsToRun(), settings.parallelSeeds(), settings.childArgs());
            // Everything is made; the pass below skips every step and only reads the results.
            log = m -> { };
            seedTimes.clear();
        }
        List<SeedResult> out = new ArrayList<>();
        for (long seed : settings.seedsToRun()) {
            out.add(seed(seed, world));
        }
        return out;
    }

    private DemoVariant mainVariant() {
        return variants.stream().filter(DemoVariant::isMain).findFirst()
                .orElseThrow(() -> new IllegalStateException("the variants lack the main run " + DemoVariant.MAIN));
    }

    /** Every config loaded and wired before any work, so that a bad setting stops the demo at once. */
    private void check() {
        Path world = settings.out().resolve(WORLD_DIR);
        Path seedDir = settings.out().resolve("seed-0");
        settings.world();
        settings.pretrain(0, world, seedDir);
        for (DemoVariant v : variants) {
            RunWiring.wire(settings.run(v, 0, world, seedDir.resolve(SFT_MODEL)), seedDir.resolve(v.name()));
        }
    }

    /** The code world; an existing one made with other settings is refused (every run depends on it). */
    private Path world() {
        Path dir = settings.out().resolve(WORLD_DIR);
        CodeWorldConfig cfg = settings.world();
        Path record = settings.out().resolve("world.settings.json");
        String wanted = Json.pretty(cfg);
        if (Files.isDirectory(dir)) {
            if (!wanted.equals(read(record))) {
                throw new InputException("--out: " + dir + " holds a code world made with other settings; choose a "
                        + "new --out (every run of the demo depends on its world)");
            }
            log.accept("world: up to date");
            return dir;
        }
        AtomicFiles.writeString(record, wanted);
        log.accept("world: " + cfg.trainTasks() + " training and " + cfg.heldoutTasks() + " held-out tasks");
        worldTimes.time(WORLD_DIR, () -> CodeWorld.generate(cfg, dir));
        return dir;
    }

    private SeedResult seed(long seed, Path world) {
        Path seedDir = seedDir(seed);
        Path sft = sftModel(seed, world, seedDir);
        Map<String, RunData> runs = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        RunConfig main = RunWiring.wire(settings.run(mainVariant(), seed, world, sft),
                seedDir.resolve(DemoVariant.MAIN));
        for (DemoVariant v : variants) {
            try {
                variant(v, seed, seedDir, world, sft);
            } catch (InputException e) {
                // A run without training data (no pairs from this ranking) is a result to report, not a crash;
                // the stages it finished stay and a later demo resumes it.
                if (!completeStage(seedDir.resolve(DemoVariant.MAIN), PairsStage.NAME)) {
                    throw e;
                }
                failures.put(v.name(), e.getMessage());
                log.accept("seed " + seed + " " + v.name() + ": stopped: " + e.getMessage());
            }
            runs.put(v.name(), RunData.read(seedDir.resolve(v.name())));
        }
        Map<String, boolean[]> truth = truth(seed, seedDir, world, main);
        return new SeedResult(seed, runs, failures, agreement(seedDir, main, truth), pairQuality(seedDir, truth));
    }

    /**
     * The SFT model of a seed. The runs name it by path, so when its settings change the whole seed directory
     * goes: nothing made from the old model may be skipped as up to date.
     */
    private Path sftModel(long seed, Path world, Path seedDir) {
        TrainConfig cfg = settings.pretrain(seed, world, seedDir);
        Path out = Path.of(cfg.outputDir());
        Path record = seedDir.resolve("pretrain.settings.json");
        String wanted = Json.pretty(cfg);
        String had = read(record);
        if (had != null && had.equals(wanted) && Files.isRegularFile(out.resolve(TrainSummary.FILE))) {
            log.accept("seed " + seed + " pretrain: up to date");
            return out;
        }
        if (had != null && !had.equals(wanted)) {
            log.accept("seed " + seed + " pretrain: settings changed; starting the seed over");
            deleteTree(seedDir);
            seedTimes.remove(seed);
        }
        deleteTree(Path.of(cfg.modelPath()));
        deleteTree(out);
        createDirectories(seedDir);
        AtomicFiles.writeString(record, wanted);
        log.accept("seed " + seed + " pretrain: SFT from scratch, " + cfg.maxSteps() + " steps");
        times(seed).time("seed-" + seed + "/pretrain", () -> Pretraining.run(world.resolve(WorldFiles.MODEL_DIR), seed,
                cfg, false, m -> { }));
        return out;
    }

    private void variant(DemoVariant v, long seed, Path seedDir, Path world, Path sft) {
        Path dir = seedDir.resolve(v.name());
        RunConfig wired = RunWiring.wire(settings.run(v, seed, world, sft), dir);
        createDirectories(dir);
        for (String stage : v.shared()) {
            shareStage(seedDir.resolve(DemoVariant.MAIN).resolve(stage), dir.resolve(stage));
        }
        String prefix = "seed-" + seed + "/" + v.name();
        List<Stage> stages = RunWiring.stages(wired, dir).stream().map(s -> times(seed).timed(prefix, s)).toList();
        Consumer<String> runLog = m -> log.accept("seed " + seed + " " + v.name() + ": " + m);
        RunExecution.execute(wired, dir, stages, null, null, runLog, runLog);
    }

    /**
     * A finished stage of the main run copied into a variant's run, stage.json included: the variant's runner
     * then skips it, because its settings and upstream results are the main run's. A copy is refreshed when the
     * main run's record changed.
     */
    private static boolean completeStage(Path runDir, String stage) {
        return StageRecord.read(runDir.resolve(stage)).filter(StageRecord::complete).isPresent();
    }

    private static void shareStage(Path from, Path to) {
        if (!completeStage(from.getParent(), from.getFileName().toString())) {
            throw new IllegalStateException(from + ": the main run's stage is not complete");
        }
        Path record = from.resolve(StageRecord.FILE);
        if (read(record).equals(read(to.resolve(StageRecord.FILE)))) {
            return;
        }
        deleteTree(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.equals(record)) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            // The record last: a copy interrupted before it is not taken for a finished stage.
            Files.copy(record, to.resolve(StageRecord.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    /**
     * Each ranking's Spearman correlation with the ground truth: every code the main run sampled is run against
     * its task's reference tests (train_suite.jsonl, never shown to the model); the rankings see only the main
     * run's codes x model-written tests matrix. The truth is kept and reused while the samples are the same.
     */
    private Map<String, boolean[]> truth(long seed, Path seedDir, Path world, RunConfig main) {
        Path mainDir = seedDir.resolve(DemoVariant.MAIN);
        String source = StageRecord.read(mainDir.resolve(GenerateStage.NAME)).orElseThrow().resultDigest();
        Path truthDir = seedDir.resolve(GROUND_TRUTH);
        Path truthFile = truthDir.resolve("truth.json");
        TruthFile kept = readTruth(truthFile);
        Map<String, boolean[]> truth;
        if (kept != null && source.equals(kept.candidatesDigest())) {
            truth = kept.correct();
        } else {
            deleteTree(truthDir);
            createDirectories(truthDir);
            log.accept("seed " + seed + " ground truth: the sampled codes against the reference tests");
            Map<String, boolean[]> made = new LinkedHashMap<>();
            times(seed).time("seed-" + seed + "/" + GROUND_TRUTH, () -> made.putAll(groundTruth(mainDir, world, truthDir,
                    main.eval())));
            AtomicFiles.writeString(truthFile, Json.pretty(new TruthFile(source, made)));
            truth = made;
        }
        return truth;
    }

    private Map<RankingKind, RankingAgreement.Result> agreement(Path seedDir, RunConfig main,
                                                                Map<String, boolean[]> truth) {
        Path mainDir = seedDir.resolve(DemoVariant.MAIN);
        List<RankingAgreement.Task> tasks = CandidateTruth.tasks(
                mainDir.resolve(PairsStage.NAME).resolve("executions.jsonl"), truth);
        PairsConfig p = main.pairs();
        Map<RankingKind, RankingAgreement.Result> result = RankingAgreement.measure(tasks, p.damping(),
                p.iterations(), p.updateOrder(), p.seed());
        AtomicFiles.writeString(seedDir.resolve(AGREEMENT), Json.pretty(result));
        return result;
    }

    /**
     * For every variant that built its own pairs, how its correctness pairs agree with the ground truth (chosen right
     * and rejected wrong is what preference training should learn from), on training tasks only.
     */
    private Map<String, PairQuality.Counts> pairQuality(Path seedDir, Map<String, boolean[]> truth) {
        Path candidates = seedDir.resolve(DemoVariant.MAIN).resolve(GenerateStage.NAME).resolve("candidates.jsonl");
        Map<String, PairQuality.Counts> out = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (DemoVariant v : variants) {
            Path stage = seedDir.resolve(v.name()).resolve(PairsStage.NAME);
            Path pairs = stage.resolve("pairs.jsonl");
            // Variants that reuse another's pairs (kto, sft-on-best) would only repeat its row.
            String digest = StageRecord.read(stage).filter(StageRecord::complete).map(StageRecord::resultDigest)
                    .orElse(null);
            if (Files.isRegularFile(pairs) && digest != null && seen.add(digest)) {
                out.put(v.name(), PairQuality.of(candidates, pairs, truth));
            }
        }
        AtomicFiles.writeString(seedDir.resolve(PAIR_QUALITY), Json.pretty(out));
        return out;
    }

    private Map<String, boolean[]> groundTruth(Path mainDir, Path world, Path truthDir, EvalConfig eval) {
        int workers = eval.workerCount();
        TimeLimits limits = new TimeLimits(eval.timeLimitFactor(), eval.minTimeLimit(), 60.0);
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(workers))) {
            // With reuse_results a code another seed sampled for the same task is not checked again (the reference
            // tests are the same for every seed).
            return CandidateTruth.evaluate(mainDir.resolve(GenerateStage.NAME).resolve("candidates.jsonl"),
                    SuiteLoader.load(world.resolve(WorldFiles.TRAIN_SUITE).toString()), truthDir, pool,
                    new EvalJob.Options(List.of(1), limits, Path.of(eval.cacheDir()), eval.python(), workers,
                            eval.reuseResults()),
                    m -> { });
        }
    }

    /** truth.json: which sampled codes pass their task's reference tests, for one generate result. */
    record TruthFile(@com.fasterxml.jackson.annotation.JsonProperty("candidates_digest") String candidatesDigest,
                     @com.fasterxml.jackson.annotation.JsonProperty("correct") Map<String, boolean[]> correct) {}

    private static TruthFile readTruth(Path f) {
        String text = read(f);
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(text, new TypeReference<TruthFile>() { });
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(Path f) {
        try {
            return Files.isRegularFile(f) ? Files.readString(f) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            AtomicDirectory.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
