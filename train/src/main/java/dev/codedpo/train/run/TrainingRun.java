package dev.codedpo.train.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.config.ResumeCheck;
import dev.codedpo.core.io.AtomicDirectory;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.models.Devices;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.batch.ResponseEncoder;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.io.SaveOptions;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.lora.PeftAdapterFiles;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.LayerCheckpoints;
import dev.codedpo.train.Method;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.data.CompletionExample;
import dev.codedpo.train.data.LabeledExample;
import dev.codedpo.train.data.PreferenceExample;
import dev.codedpo.train.data.TrainFileReader;
import dev.codedpo.train.data.TrainingData;
import dev.codedpo.train.loop.Trainer;
import dev.codedpo.train.method.DpoObjective;
import dev.codedpo.train.method.KtoObjective;
import dev.codedpo.train.method.Models;
import dev.codedpo.train.method.Objective;
import dev.codedpo.train.method.SequenceScores;
import dev.codedpo.train.method.SftObjective;
import dev.codedpo.train.reference.ReferenceCache;
import dev.codedpo.train.reference.ReferenceLogps;
import dev.codedpo.train.reference.ScoredRows;
import dev.codedpo.train.report.TrainingCharts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One {@code codedpo train} run: locks the output directory, checks the settings against a run it resumes, loads the
 * policy (and a frozen copy as the reference for DPO and KTO; with LoRA, adapters on the policy, switched off for the
 * reference), reads and tokenizes the training file, trains, logs
 * metrics, checkpoints every {@code save_steps}, and saves the final model in Hugging Face layout (with LoRA: the
 * adapter in PEFT's layout) directly in {@code output_dir}, where {@code codedpo sample}, {@code logprobs} and {@code eval} load it.
 */
public final class TrainingRun {
    /** Settings that do not change the trained weights: a resume may change them. */
    private static final Set<String> NOT_RESULT_DEFINING = Set.of("output_dir", "logging_steps", "eval_steps",
            "save_steps", "save_total_limit", "threads", "device", "eval_file");

    private final TrainConfig config;
    private final boolean resume;
    private final Path resumeFrom;
    private final boolean showProgress;
    /**
     * Charts are redrawn from every logged row, so drawing at every step would cost O(steps^2) over a long run of a
     * small model; every 10 seconds and at the end is enough for a person watching.
     */
    private static final long CHART_INTERVAL_NANOS = 10_000_000_000L;

    private final Consumer<String> log;
    private boolean chartsFailed;

    /**
     * @param resume     continue the run in output_dir from its newest complete checkpoint
     * @param resumeFrom continue from this checkpoint instead (implies resume); null for the newest
     */
    public TrainingRun(TrainConfig config, boolean resume, Path resumeFrom, boolean showProgress,
                       Consumer<String> log) {
        this.config = config;
        this.resume = resume || resumeFrom != null;
        this.resumeFrom = resumeFrom;
        this.showProgress = showProgress;
        this.log = log;
    }

    public TrainSummary run() {
        Path modelDir = required(config.modelPath(), "model_path");
        Path trainFile = required(config.trainFile(), "train_file");
        Path out = required(config.outputDir(), "output_dir");
        if (!Files.isDirectory(modelDir)) {
            throw new InputException("model_path: " + modelDir + " is not a directory");
        }
        if (!Files.isRegularFile(trainFile)) {
            throw new InputException("train_file: " + trainFile + ": no such file");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InputException("output_dir: " + out + " is a file");
        }
        try (OutputDirLock lock = OutputDirLock.acquire(out)) {
            Checkpoints checkpoints = new Checkpoints(out, modelDir, config.saveTotalLimit());
            boolean started = Files.exists(out.resolve(MetricsLog.FILE)) || !checkpoints.complete().isEmpty();
            if (started && !resume) {
                throw new InputException("output_dir: " + out + " holds a training run already; add --resume to "
                        + "continue it, or choose a new output directory");
            }
            ResumeCheck.requireSameOrRecord(out.resolve("run.json"), resultDefining());
            AtomicDirectory.removeLeftovers(out);
            if (config.threads() > 0) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
            }
            try (HfModel hf = HfModel.load(modelDir, Devices.parse(config.device()))) {
                return train(hf, trainFile, out, checkpoints);
            }
        }
    }

    private TrainSummary train(HfModel hf, Path trainFile, Path out, Checkpoints checkpoints) {
        Long eos = hf.tokenizer().specialTokens().eosId();
        if (eos == null) {
            eos = hf.eosTokenIds().stream().findFirst()
                    .orElseThrow(() -> new InputException("model_path: the tokenizer has no EOS token to end responses"));
        }
        Long pad = hf.tokenizer().specialTokens().padId();
        ResponseEncoder encoder = new ResponseEncoder(hf.tokenizer(), eos, config.maxLength(), config.maxPromptLength());
        TrainFileReader reader = new TrainFileReader(encoder);
        TrainingData<?> data = reader.read(config.method(), trainFile);
        TrainingData<?> eval = config.evalFile() == null ? null
                : reader.read(config.method(), Path.of(config.evalFile()));
        log.accept(String.format(Locale.ROOT, "%s: %d rows read, %d used (%d truncated, %d dropped: no response token "
                        + "left after truncation, %d with a token merged across the prompt/response boundary)",
                trainFile, data.read(), data.rows().size(), data.truncated(), data.dropped(), data.boundaryMerged()));
        CausalLM policy = hf.model();
        if (config.baseType() != DataType.FLOAT32) {
            // Loaded in float32, then halved in place: the peak while loading is the float32 size.
            policy.storeMatricesAs(config.baseType());
            log.accept("base weights stored as " + config.dtype());
        }
        long padId = pad == null ? eos : pad;
        // Before any adapter is installed and before a checkpoint is loaded: the policy is the reference now.
        ReferenceLogps cached = config.precomputeRefLogps()
                ? precompute(policy, padId, data, eval, hf.dir(), trainFile) : null;
        // LoRA: one copy of the weights; the reference is the policy with its adapters switched off.
        LoraAdapter adapter = config.lora() == null ? null
                : LoraAdapter.initialize(policy, config.lora(), config.seed()).installOn(policy);
        if (config.gradientCheckpointing()) {
            policy.setCheckpoints(new LayerCheckpoints());
        }
        CausalLM reference = config.method() == Method.SFT || adapter != null || cached != null ? null
                : policy.copy(DataType.FLOAT32);
        try {
            Models models = adapter != null ? Models.lora(policy, adapter, padId)
                    : new Models(policy, reference, padId);
            if (cached != null) {
                models = models.withCached(cached);
            }
            return switch (config.method()) {
                case DPO -> loop(models, cast(data), cast(eval), new DpoObjective(models, config.lossType(), config.beta(),
                        config.labelSmoothing(), config.rpoAlpha()), out, checkpoints, hf.dir());
                case KTO -> loop(models, cast(data), cast(eval), new KtoObjective(models, config.beta(), config.desirableWeight(),
                        config.undesirableWeight()), out, checkpoints, hf.dir());
                case SFT -> loop(models, cast(data), cast(eval), new SftObjective(models), out, checkpoints, hf.dir());
            };
        } finally {
            if (reference != null) {
                reference.close();
            }
            if (adapter != null) {
                adapter.close();
            }
        }
    }

    /**
     * The reference log-probs of every row the run will score (training, and evaluation when set), from the files
     * beside the data when their key matches, else computed with {@code policy} (still the initial weights).
     */
    private ReferenceLogps precompute(CausalLM policy, long padId, TrainingData<?> data, TrainingData<?> eval,
                                      Path modelDir, Path trainFile) {
        log.accept("reference log-probs: hashing the model files of " + modelDir);
        String model = ReferenceCache.modelDigest(modelDir, config.dtype());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("method", config.method().label());
        settings.put("max_length", config.maxLength());
        settings.put("max_prompt_length", config.maxPromptLength());
        Map<String, Object> trainSettings = new LinkedHashMap<>(settings);
        long steps = config.totalSteps(data.rows().size());
        if (config.method() == Method.KTO) {
            // KTO's mismatched rows depend on which rows share a micro-batch: the row schedule is part of the key.
            trainSettings.put("batch_size", config.batchSize());
            trainSettings.put("shuffle", config.shuffle());
            trainSettings.put("seed", config.seed());
            trainSettings.put("micro_batches", steps * config.gradAccumSteps());
        }
        java.util.function.Function<List<TokenizedRow>, double[]> scorer = rows -> SequenceScores.of(policy, rows,
                padId);
        List<ReferenceLogps> parts = new ArrayList<>();
        parts.add(obtain(trainFile, model, trainSettings,
                ScoredRows.training(config.method(), data.rows(), config, steps), scorer));
        if (eval != null) {
            Map<String, Object> evalSettings = new LinkedHashMap<>(settings);
            if (config.method() == Method.KTO) {
                evalSettings.put("batch_size", config.batchSize());
            }
            parts.add(obtain(Path.of(config.evalFile()), model, evalSettings,
                    ScoredRows.evaluation(config.method(), eval.rows(), config.batchSize()), scorer));
        }
        return ReferenceLogps.merge(parts);
    }

    private ReferenceLogps obtain(Path dataFile, String model, Map<String, Object> settings,
                                  List<List<TokenizedRow>> batches,
                                  java.util.function.Function<List<TokenizedRow>, double[]> scorer) {
        String key = ReferenceCache.key(model, dataFile, settings);
        Map<String, Object> about = new LinkedHashMap<>(settings);
        about.put("model_path", config.modelPath());
        about.put("dtype", config.dtype());
        about.put("data_file", dataFile.toString());
        return ReferenceCache.obtain(dataFile, key, about, batches, scorer, showProgress, log);
    }

    @SuppressWarnings("unchecked")
    private static <R> TrainingData<R> cast(TrainingData<?> d) {
        return (TrainingData<R>) d;
    }

    private <R> TrainSummary loop(Models models, TrainingData<R> data, TrainingData<R> eval, Objective<R> objective,
                                  Path out,
                                  Checkpoints checkpoints, Path modelDir) {
        CausalLM policy = models.policy();
        LoraAdapter adapter = models.adapter();
        // With LoRA only the adapter tensors are trained: the base never records a gradient or holds optimizer state.
        Map<String, NDArray> trainable = adapter != null ? adapter.parameters() : policy.parameters();
        long start = System.nanoTime();
        try (NDManager manager = policy.manager().newSubManager();
             Trainer<R> trainer = new Trainer<>(config, trainable, manager, objective, data.rows())) {
            if (adapter != null) {
                trainer.beforeEachStep(adapter::startStep);
            }
            long resumedFrom = 0;
            Optional<Path> latest = !resume ? Optional.empty()
                    : resumeFrom != null ? Optional.of(checkpoint(resumeFrom)) : checkpoints.latest();
            if (latest.isPresent()) {
                TrainerState state = Checkpoints.state(latest.get());
                if (adapter != null) {
                    Checkpoints.loadAdapterWeights(adapter, policy, latest.get());
                } else {
                    Checkpoints.loadWeights(policy, latest.get());
                }
                trainer.restore(state.globalStep(), state.rowsConsumed(),
                        Checkpoints.optimizerState(latest.get(), manager));
                resumedFrom = state.globalStep();
                log.accept("resuming from " + latest.get() + " (step " + resumedFrom + ")");
            }
            Map<String, Object> last = new LinkedHashMap<>();
            try (MetricsLog metrics = new MetricsLog(out, resumedFrom);
                 Progress progress = showProgress
                         ? Progress.console("train", trainer.totalSteps(), "steps") : Progress.NONE) {
                progress.step(resumedFrom);
                long lastChart = System.nanoTime() - CHART_INTERVAL_NANOS;
                LogWindow window = new LogWindow();
                while (!trainer.done()) {
                    Map<String, Object> row = trainer.step();
                    long k = trainer.stepsDone();
                    last = row;
                    window.add(row);
                    boolean logged = k % config.loggingSteps() == 0 || trainer.done();
                    if (logged) {
                        metrics.append(window.drain());
                    }
                    progress.message(status(row));
                    progress.step(1);
                    boolean evalNow = config.evalSteps() > 0 ? k % config.evalSteps() == 0 : trainer.done();
                    if (eval != null && (evalNow || trainer.done())) {
                        metrics.append(evaluate(objective, eval, k, (Double) row.get("epoch"), manager));
                    }
                    if (logged && (trainer.done() || System.nanoTime() - lastChart >= CHART_INTERVAL_NANOS)) {
                        charts(metrics, out);
                        lastChart = System.nanoTime();
                    }
                    if (config.saveSteps() > 0 && k % config.saveSteps() == 0 && !trainer.done()) {
                        TrainerState state = new TrainerState(k, trainer.rowsConsumed(),
                                (double) trainer.rowsConsumed() / data.rows().size(), trainer.totalSteps(),
                                config.seed());
                        if (adapter != null) {
                            checkpoints.saveAdapter(adapter, trainer.optimizerState(), state);
                        } else {
                            checkpoints.save(policy, trainer.optimizerState(), state);
                        }
                    }
                }
            }
            if (adapter != null) {
                // As Hugging Face's Trainer saves a PEFT model: the adapter (PEFT layout) and the tokenizer files.
                PeftAdapterFiles.save(adapter, out, config.modelPath(), modelDir);
            } else {
                HfCheckpoint.save(policy, out, SaveOptions.f32(modelDir));
            }
            TrainSummary summary = new TrainSummary(config.method().label(), trainer.stepsDone(),
                    (double) trainer.rowsConsumed() / data.rows().size(), data.rows().size(), data.read(),
                    data.truncated(), data.dropped(), data.boundaryMerged(), resumedFrom,
                    (System.nanoTime() - start) / 1e9, last);
            AtomicFiles.writeString(out.resolve(TrainSummary.FILE), Json.pretty(Json.MAPPER.valueToTree(summary)));
            return summary;
        }
    }

    /** The method's metrics on the eval rows (batches of batch_size, no gradients), keys prefixed eval_. */
    private <R> Map<String, Object> evaluate(Objective<R> objective, TrainingData<R> eval, long step, double epoch,
                                             NDManager manager) {
        List<List<R>> batches = new ArrayList<>();
        List<R> rows = eval.rows();
        for (int i = 0; i < rows.size(); i += config.batchSize()) {
            batches.add(rows.subList(i, Math.min(rows.size(), i + config.batchSize())));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("epoch", epoch);
        try (NDManager s = manager.newSubManager()) {
            objective.evaluate(batches, s).forEach((k, v) -> row.put("eval_" + k, v));
        }
        return row;
    }

    /** Redraws the PNG charts; a chart that cannot be drawn (no fonts on a bare machine) must not stop training. */
    private void charts(MetricsLog metrics, Path out) {
        try {
            TrainingCharts.write(metrics.rows(), out);
        } catch (IOException | RuntimeException | Error e) {
            if (!chartsFailed) {
                log.accept("warning: cannot draw the charts (" + e + "); training goes on");
                chartsFailed = true;
            }
        }
    }

    private static String status(Map<String, Object> row) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", (Double) row.get("loss")));
        Object margin = row.get("rewards/margins");
        if (margin instanceof Double m) {
            s.append(String.format(Locale.ROOT, " margin %.3f", m));
        }
        return s.toString();
    }

    private ObjectNode resultDefining() {
        return resultDefining(config);
    }

    /** The settings that decide the trained weights: those a resume must keep. */
    public static ObjectNode resultDefining(TrainConfig config) {
        ObjectNode n = Json.MAPPER.valueToTree(config);
        NOT_RESULT_DEFINING.forEach(n::remove);
        return n;
    }

    private static Path checkpoint(Path dir) {
        if (!Files.isRegularFile(dir.resolve(TrainerState.FILE))) {
            throw new InputException("--resume: " + dir + " is not a complete checkpoint (no " + TrainerState.FILE
                    + ")");
        }
        return dir;
    }

    private static Path required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new InputException(key + ": required (set it in the YAML file or with --set " + key + "=...)");
        }
        return Path.of(value);
    }
}
