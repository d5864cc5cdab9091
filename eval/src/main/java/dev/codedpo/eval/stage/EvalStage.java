package dev.codedpo.eval.stage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageContext;
import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.model.ModelSamples;
import dev.codedpo.eval.run.EvalConfig;
import dev.codedpo.eval.run.EvalJob;
import dev.codedpo.eval.run.ResultsFiles;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.truth.GroundTruthStore;
import dev.codedpo.models.chat.ChatFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's evaluation of one model (the starting one, or the trained one) on every configured suite: each suite's
 * folder in the stage directory is what {@code codedpo eval --model} writes to its {@code --out} (samples.jsonl,
 * results.jsonl, summary.json). A resumed stage keeps the suites that finished.
 */
public final class EvalStage implements Stage {

    private final String name;
    private final EvalConfig config;
    private final Path model;
    private final Path adapter;
    private final List<String> upstream;
    private final Map<String, String> dirs;
    private Map<String, String> suiteHashes;

    /**
     * @param model    the model directory to sample from
     * @param adapter  a PEFT LoRA adapter merged into it, or null
     * @param upstream the stage that produces the model or adapter (none for the starting model)
     */
    public EvalStage(String name, EvalConfig config, Path model, Path adapter, List<String> upstream) {
        this.name = name;
        this.config = config;
        this.model = model;
        this.adapter = adapter;
        this.upstream = List.copyOf(upstream);
        this.dirs = SuiteDirs.of(config.suites());
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The sampling settings and the model; a model produced upstream is covered by that stage's digest, the
     * starting model by its path. Workers, batch size, device and the cache do not change the samples.
     */
    @Override
    public Object settings() {
        ObjectNode n = Json.MAPPER.valueToTree(config);
        for (String k : List.of("workers", "batch_size", "device", "cache_dir", "python", "reuse_results")) {
            n.remove(k);
        }
        n.put("model", upstream.isEmpty() ? model.toString() : "from " + String.join(", ", upstream));
        n.put("adapter", adapter != null);
        n.set("suite_hashes", Json.MAPPER.valueToTree(suiteHashes()));
        return n;
    }

    @Override
    public List<String> upstream() {
        return upstream;
    }

    @Override
    public void run(Path dir, boolean resume, StageContext context) {
        ChatFormat chat = ModelSamples.chatFormat(config.promptStyle(), model);
        for (Map.Entry<String, String> e : dirs.entrySet()) {
            Path out = dir.resolve(e.getValue());
            if (resume && Files.isRegularFile(out.resolve(ResultsFiles.SUMMARY))) {
                context.log().accept(name + ": " + e.getKey() + " finished earlier");
                continue;
            }
            evaluate(SuiteLoader.load(e.getKey()), out, chat, context);
        }
    }

    private void evaluate(Suite suite, Path out, ChatFormat chat, StageContext context) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Sample> samples = ModelSamples.generate(suite, model, chat, new ModelSamples.Settings(config.n(),
                config.temperature(), config.maxNewTokens(), config.seed(), config.batchSize(), config.device(),
                adapter), out, m -> context.log().accept(name + ": " + m));
        TimeLimits limits;
        try {
            limits = new TimeLimits(config.timeLimitFactor(), config.minTimeLimit(), 60.0);
        } catch (IllegalArgumentException ex) {
            throw new InputException("eval: " + ex.getMessage());
        }
        int w = config.workerCount();
        Path cache = config.cacheDir() != null ? Path.of(config.cacheDir()) : GroundTruthStore.defaultCacheDir();
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(w))) {
            EvalJob.run(suite, samples, model + (adapter != null ? " + " + adapter : ""), out, pool,
                    new EvalJob.Options(config.k(), limits, cache, config.python(), w, config.reuseResults()),
                    m -> context.log().accept(name + ": " + m));
        }
    }

    /** Each suite's content hash, so that an edited custom suite is evaluated again (loaded once). */
    private Map<String, String> suiteHashes() {
        if (suiteHashes == null) {
            Map<String, String> m = new LinkedHashMap<>();
            config.suites().forEach(s -> m.put(s, SuiteLoader.load(s).contentHash()));
            suiteHashes = m;
        }
        return suiteHashes;
    }

    /** The samples: results and summaries hold timings, and follow from the samples. */
    @Override
    public List<String> resultFiles() {
        List<String> out = new ArrayList<>();
        dirs.values().forEach(d -> out.add(d + "/samples.jsonl"));
        return out;
    }

    /** The suite folders of this stage, by suite as configured. */
    public Map<String, String> suiteDirs() {
        return dirs;
    }
}
