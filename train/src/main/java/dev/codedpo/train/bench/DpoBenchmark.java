package dev.codedpo.train.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.models.bench.BenchResults;
import dev.codedpo.models.bench.BenchShape;
import dev.codedpo.models.bench.ModelBenchmark;
import dev.codedpo.models.bench.Stopwatch;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.RandomInit;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.data.PreferenceExample;
import dev.codedpo.train.loop.Trainer;
import dev.codedpo.train.method.DpoObjective;
import dev.codedpo.train.method.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * DPO training throughput on random models of the benchmark shapes: steps/s, tokens/s and achieved FLOP/s (policy
 * forward and backward plus reference forward) as a share of the fp32 matmul ceiling measured in the same run, and
 * optionally resident memory growth over a long run (flat memory is the point of one sub-manager per step).
 */
public final class DpoBenchmark {
    /**
     * @param pairs      pairs per step (one micro-batch)
     * @param promptLen  prompt tokens per row; each response has {@code seqLen - promptLen}
     * @param rssSteps   0, or the steps of a memory run on the first shape (RSS at step 100 vs the last)
     */
    public record Options(List<BenchShape> shapes, Device device, int pairs, int seqLen, int promptLen, int warmup,
                          int steps, int matmulSize, int rssSteps) {}

    /** One shape's figures. */
    public record Result(String shape, long parameters, double stepWall, double stepCpu, double tokensPerSecondWall,
                         double tokensPerSecondCpu, double shareWall, double shareCpu) {}

    private final Options options;
    private final Consumer<String> out;

    public DpoBenchmark(Options options, Consumer<String> out) {
        this.options = options;
        this.out = out;
    }

    public List<Result> run() {
        BenchResults.Matmul ceiling = ModelBenchmark.matmulCeiling(options.device(), options.matmulSize(), 5);
        out.accept(String.format("fp32 matmul ceiling (%d^3 through DJL): %.1f GFLOP/s wall, %.1f per CPU-second",
                ceiling.n(), ceiling.gflopsWall(), ceiling.gflopsCpu()));
        out.accept("| shape | params | pairs x seq | step wall / cpu | tokens/s wall / cpu | of ceiling wall / cpu |");
        out.accept("|---|---|---|---|---|---|");
        List<Result> results = new ArrayList<>();
        for (BenchShape shape : options.shapes()) {
            Result r = shape(shape, ceiling);
            results.add(r);
            out.accept(String.format("| %s | %.2fM | %d x %d | %.3f / %.3f s | %.0f / %.0f | %.0f%% / %.0f%% |",
                    r.shape(), r.parameters() / 1e6, options.pairs(), options.seqLen(), r.stepWall(), r.stepCpu(),
                    r.tokensPerSecondWall(), r.tokensPerSecondCpu(), 100 * r.shareWall(), 100 * r.shareCpu()));
        }
        if (options.rssSteps() > 0) {
            rss(options.shapes().get(0));
        }
        return results;
    }

    private Result shape(BenchShape shape, BenchResults.Matmul ceiling) {
        try (CausalLM policy = RandomInit.create(shape.config(), options.device(), 42);
             CausalLM reference = RandomInit.create(shape.config(), options.device(), 42)) {
            double[][] times;
            try (Trainer<PreferenceExample> trainer = trainer(shape, policy, reference,
                    options.warmup() + options.steps())) {
                times = time(trainer, options.warmup(), options.steps());
            }
            double w = ModelBenchmark.median(times[0]);
            double c = ModelBenchmark.median(times[1]);
            int t = options.seqLen();
            long tokens = 2L * options.pairs() * t;
            // Policy forward + backward over chosen and rejected rows, plus the reference's forward (a third).
            double flops = tokens * (shape.trainFlopsPerToken(t) * 4.0 / 3.0);
            return new Result(shape.name(), policy.parameterCount(), w, c, tokens / w, tokens / c,
                    flops / w / 1e9 / ceiling.gflopsWall(), flops / c / 1e9 / ceiling.gflopsCpu());
        }
    }

    private void rss(BenchShape shape) {
        try (CausalLM policy = RandomInit.create(shape.config(), options.device(), 42);
             CausalLM reference = RandomInit.create(shape.config(), options.device(), 42)) {
            long[] at100 = null;
            long[] end;
            try (Trainer<PreferenceExample> trainer = trainer(shape, policy, reference, options.rssSteps())) {
                for (int k = 1; k <= options.rssSteps(); k++) {
                    trainer.step();
                    if (k == Math.min(100, options.rssSteps())) {
                        at100 = memory();
                    }
                }
                end = memory();
            }
            int first = Math.min(100, options.rssSteps());
            out.accept(String.format("RSS (%s): %d MiB at step %d, %d MiB at step %d: %+.1f%%; outside the Java heap "
                            + "(RSS - committed heap): %d MiB, %d MiB: %+.1f%%", shape.name(), at100[0] / 1024, first,
                    end[0] / 1024, options.rssSteps(), 100.0 * (end[0] - at100[0]) / at100[0], at100[1] / 1024,
                    end[1] / 1024, 100.0 * (end[1] - at100[1]) / at100[1]));
        }
    }

    private Trainer<PreferenceExample> trainer(BenchShape shape, CausalLM policy, CausalLM reference, int steps) {
        TrainConfig c = config(options, steps);
        for (NDArray p : reference.parameters().values()) {
            p.setRequiresGradient(false);
        }
        NDManager manager = policy.manager();
        return new Trainer<>(c, policy.parameters(), manager,
                new DpoObjective(new Models(policy, reference, 0), c.lossType(), c.beta(), 0, 0), rows(shape, options));
    }

    /** {wall seconds, CPU seconds} of each of {@code steps} timed steps after {@code warmup} untimed ones. */
    static double[][] time(Trainer<?> trainer, int warmup, int steps) {
        double[] wall = new double[steps];
        double[] cpu = new double[steps];
        for (int i = 0; i < warmup; i++) {
            trainer.step();
        }
        for (int i = 0; i < steps; i++) {
            Stopwatch sw = Stopwatch.start();
            trainer.step();
            wall[i] = sw.wallSeconds();
            cpu[i] = sw.cpuSeconds();
        }
        return new double[][] {wall, cpu};
    }

    /** The benchmark's trainer settings: one micro-batch of {@code pairs} pairs per step, file order. */
    static TrainConfig config(Options options, int steps) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("max_steps", steps);
        o.put("batch_size", options.pairs());
        o.put("learning_rate", 1e-5);
        o.put("shuffle", false);
        return ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), null, List.of(), o);
    }

    /** Random token pairs (seeded) of the benchmark's lengths: four steps' worth. */
    static List<PreferenceExample> rows(BenchShape shape, Options options) {
        SplittableRandom rng = new SplittableRandom(7);
        int vocab = shape.config().vocabSize();
        List<PreferenceExample> rows = new ArrayList<>();
        for (int i = 0; i < 4 * options.pairs(); i++) {
            rows.add(new PreferenceExample(ids(rng, options.promptLen(), vocab),
                    ids(rng, options.seqLen() - options.promptLen(), vocab),
                    ids(rng, options.seqLen() - options.promptLen(), vocab)));
        }
        return rows;
    }

    private static long[] ids(SplittableRandom rng, int n, int vocab) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextInt(vocab);
        }
        return out;
    }

    /**
     * {RSS, RSS minus the committed Java heap} in KiB, after a collection: the JVM grows its heap lazily up to -Xmx,
     * which shows as RSS growth without any leak, so the engine's (native) share is reported too.
     */
    private static long[] memory() {
        System.gc();
        long rss = rssKb();
        return new long[] {rss, rss - Runtime.getRuntime().totalMemory() / 1024};
    }

    /** Resident set size of this process (Linux), in KiB. */
    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
