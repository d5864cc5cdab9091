package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.model.ModelSamples;
import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.run.EvalConfig;
import dev.codedpo.eval.run.ConsoleTable;
import dev.codedpo.eval.run.EvalJob;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.samples.SampleReader;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.truth.GroundTruthStore;
import dev.codedpo.models.chat.ChatFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo eval}: pass@k of samples (or of a model's generations) on a bundled or custom suite. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        header = "pass@k on HumanEval(+), MBPP(+) or a custom suite, from samples or a model.", sortOptions = false,
        description = {
            "Evaluate pass@k on HumanEval, HumanEval+, MBPP, MBPP+ or a custom suite.",
            "Samples run in the sandboxed Python pool. Plus suites check every base and",
            "plus input against the reference solution's outputs (computed once, cached),",
            "with CPU-time limits scaled from the reference's own time (EvalPlus",
            "defaults: max(4 s, 4 x reference) per input). Writes OUT/results.jsonl and",
            "OUT/summary.json and prints a table. See docs/EVAL.md. Settings: the options",
            "below, or --config / --set with the keys listed at the end (the eval block of a",
            "run config).",
            ""},
        footerHeading = "%nSettings (key = default: meaning):%n")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--suite", required = true, paramLabel = "S",
            description = "humaneval | humaneval-plus | mbpp (sanitized, 427) | mbpp-full (original test split "
                    + "11-510) | mbpp-plus | PATH of a HumanEval-layout JSONL(.gz).")
    String suite;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--samples", paramLabel = "FILE",
                description = "JSONL of {\"task_id\", \"solution\"} (full program) or {\"task_id\", \"completion\"} "
                        + "(continues the prompt), as written by human-eval or EvalPlus.")
        Path samples;

        @Option(names = "--model", paramLabel = "DIR", description = "Hugging Face model directory to generate with.")
        Path model;

        @Option(names = "--reference",
                description = "Evaluate the suite's own canonical solutions (checks a suite and this harness).")
        boolean reference;
    }

    @Option(names = "--adapter", paramLabel = "DIR",
            description = "--model: a PEFT LoRA adapter directory (codedpo train with lora) merged into the model.")
    Path adapter;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = {"-n", "--n"}, paramLabel = "N", description = "--model: samples per task (default 1 = greedy pass@1).")
    Integer n;

    @Option(names = "--temperature", paramLabel = "T",
            description = "--model: sampling temperature (default 0 = greedy for n = 1, 0.8 for n > 1).")
    Double temperature;

    @Option(names = "--k", split = ",", paramLabel = "K",
            description = "pass@k to report, comma-separated (default: 1). k above the samples per task is skipped.")
    List<Integer> ks;

    @Option(names = "--workers", paramLabel = "N", description = "Sandboxed Python workers (default: number of CPUs).")
    Integer workers;

    @Option(names = "--python", paramLabel = "EXE", description = "Python interpreter (default python3).")
    String python;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where reference outputs are cached (default: $XDG_CACHE_HOME/codedpo/eval).")
    Path cacheDir;

    @Option(names = "--time-limit-factor", paramLabel = "F",
            description = "CPU limit per input = max(min, F x reference time) (EvalPlus gt_time_limit_factor; default 4).")
    Double factor;

    @Option(names = "--min-time-limit", paramLabel = "SEC",
            description = "Smallest CPU limit per input or test (EvalPlus min_time_limit; default 4).")
    Double minTime;

    @Option(names = "--max-new-tokens", paramLabel = "N", description = "--model: most tokens per sample (default 512).")
    Integer maxNewTokens;

    @Option(names = "--prompt-style", paramLabel = "STYLE",
            description = "--model: base (continue the prompt), instruct (chat template) or auto (instruct when "
                    + "the tokenizer has a chat template; default).")
    String promptStyle;

    @Option(names = "--seed", paramLabel = "S", description = "--model: sampling seed (default 0).")
    Long seed;

    @Option(names = "--batch-size", paramLabel = "N", description = "--model: sequences per batch (default 8).")
    Integer batchSize;

    @Option(names = "--device", paramLabel = "DEV", description = "--model: cpu, gpu or gpu:N (default cpu).")
    String device;

    @Mixin
    SettingsOptions settings;

    static String settingsHelp() {
        return ConfigDocs.keys(EvalConfig.class, EvalConfig.defaults()) + "%n" + ConfigDocs.SET_RULES;
    }

    /** The settings: defaults < --config < --set < the options above (--suite sets the one suite). */
    EvalConfig config() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("suites", List.of(suite));
        o.put("n", n);
        o.put("temperature", temperature);
        o.put("k", ks);
        o.put("workers", workers);
        o.put("python", python);
        o.put("cache_dir", cacheDir == null ? null : cacheDir.toString());
        o.put("time_limit_factor", factor);
        o.put("min_time_limit", minTime);
        o.put("max_new_tokens", maxNewTokens);
        o.put("prompt_style", promptStyle);
        o.put("seed", seed);
        o.put("batch_size", batchSize);
        o.put("device", device);
        return ConfigLoader.load(EvalConfig.class, EvalConfig.defaults(), settings.config, settings.sets, o);
    }

    @Override
    public Integer call() {
        checkOut(out);
        if (adapter != null && source.model == null) {
            throw new InputException("--adapter goes with --model (it adapts the model that generates)");
        }
        EvalConfig cfg = config();
        TimeLimits limits = new TimeLimits(cfg.timeLimitFactor(), cfg.minTimeLimit(), 60.0);
        int w = cfg.workerCount();
        Suite s = SuiteLoader.load(suite);
        List<Sample> given = null;
        if (source.samples != null) {
            given = SampleReader.read(source.samples, s);
        } else if (source.reference) {
            given = EvalJob.referenceSamples(s);
            if (given.isEmpty()) {
                throw new InputException("--reference: suite " + suite + " has no canonical_solution fields");
            }
        }
        ChatFormat chat = source.model != null ? ModelSamples.chatFormat(cfg.promptStyle(), source.model) : null;
        Path cache = cfg.cacheDir() != null ? Path.of(cfg.cacheDir()) : GroundTruthStore.defaultCacheDir();
        // Locked once the input is known to be good (bad input leaves no directory behind), and before any work, so
        // that two evaluations cannot pair one's results.jsonl with the other's summary.json.
        try (OutputDirLock lock = OutputDirLock.acquire(out)) {
            List<Sample> samples = given;
            String samplesName = source.samples != null ? source.samples.toString() : "reference solutions";
            if (source.model != null) {
                samples = ModelSamples.generate(s, source.model, chat, new ModelSamples.Settings(cfg.n(),
                        cfg.temperature(), cfg.maxNewTokens(), cfg.seed(), cfg.batchSize(), cfg.device(), adapter), out,
                        System.err::println);
                samplesName = source.model + (adapter != null ? " + " + adapter : "");
            }
            evaluate(s, samples, samplesName, new EvalJob.Options(cfg.k(), limits, cache, cfg.python(), w,
                    cfg.reuseResults()), w);
        }
        return Main.EXIT_OK;
    }

    private void evaluate(Suite s, List<Sample> samples, String samplesName, EvalJob.Options options, int w) {
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(w))) {
            String notes = pool.sandbox().notes();
            if (notes != null && !notes.isBlank()) {
                System.err.println("codedpo eval: sandbox: " + notes);
            }
            EvalJob.Outcome o = EvalJob.run(s, samples, samplesName, out, pool, options,
                    m -> System.err.println("codedpo eval: " + m));
            System.out.print(ConsoleTable.render(o.summary()));
            System.out.println("wrote " + out.resolve("results.jsonl") + " and " + out.resolve("summary.json"));
        }
    }

    /**
     * Fails before any work when --out cannot become a directory: it names a file, or lies under one. (Otherwise
     * every sample would run first and the results could not be written.)
     */
    static void checkOut(Path out) {
        Path wanted = out.toAbsolutePath().normalize();
        for (Path p = wanted; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new InputException("--out " + out + ": " + (p.equals(wanted)
                            ? "exists and is not a directory" : p + " is not a directory"));
                }
                return;
            }
        }
    }
}
