package dev.codedpo.models.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.codedpo.models.generate.GenerationConfig;
import dev.codedpo.models.generate.Generator;
import dev.codedpo.models.generate.Inference;
import dev.codedpo.models.generate.InferencePath;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.RandomInit;
import dev.codedpo.models.score.TokenLogProbs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Measures, in one run on one device: the fp32 matmul ceiling, training throughput (forward + backward of a
 * next-token loss) and generation throughput with and without the KV cache, on randomly initialised models.
 */
public final class ModelBenchmark {
    /**
     * @param trainSteps timed training steps per shape (after warmupSteps untimed ones); the median is reported
     * @param path       how generation runs the forward pass ({@link InferencePath#SCRIPTED} is what
     *                   {@link Generator} does by default)
     * @param genRepeats timed generations per configuration; the median is reported
     */
    public record Options(List<BenchShape> shapes, Device device, int matmulSize, int matmulReps, int batch,
                          int seqLen, int warmupSteps, int trainSteps, List<Integer> genBatches, int promptTokens,
                          int newTokens, InferencePath path, int genRepeats) {}

    private final Options options;
    private final Consumer<String> progress;

    public ModelBenchmark(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    private String pathUsed = "";

    public BenchResults run() {
        BenchResults.Matmul matmul = matmul();
        progress.accept(String.format("matmul ceiling: %.1f GFLOP/s wall, %.1f per CPU-second", matmul.gflopsWall(),
                matmul.gflopsCpu()));
        List<BenchResults.Train> train = new ArrayList<>();
        List<BenchResults.Generate> gen = new ArrayList<>();
        for (BenchShape shape : options.shapes()) {
            try (CausalLM model = RandomInit.create(shape.config(), options.device(), 42)) {
                BenchResults.Train t = train(shape, model, matmul);
                progress.accept(String.format("%s train: %.0f tokens/s wall (%.0f%% of ceiling), %.0f per CPU-second "
                        + "(%.0f%%)", shape.name(), t.tokensPerSecondWall(), 100 * t.fractionWall(),
                        t.tokensPerSecondCpu(), 100 * t.fractionCpu()));
                train.add(t);
                for (NDArray p : model.parameters().values()) {
                    p.setRequiresGradient(false);
                }
                Inference inference = new Inference(model, options.path());
                pathUsed = options.path() == InferencePath.SCRIPTED && inference.script() == null
                        ? "scripted unavailable, fused" : options.path().name().toLowerCase();
                for (int b : options.genBatches()) {
                    for (BenchResults.Generate g : generate(shape, inference, b)) {
                        progress.accept(String.format("%s generate batch %d cache %s: %.0f tokens/s wall, %.0f per "
                                + "CPU-second", shape.name(), b, g.cache(), g.tokensPerSecondWall(),
                                g.tokensPerSecondCpu()));
                        gen.add(g);
                    }
                }
            }
        }
        return new BenchResults(environment(), matmul, train, gen);
    }

    BenchResults.Matmul matmul() {
        return matmulCeiling(options.device(), options.matmulSize(), options.matmulReps());
    }

    /** The fp32 matmul ceiling: median time of n x n by n x n products through DJL, after two warm-ups. */
    public static BenchResults.Matmul matmulCeiling(Device device, int n, int reps) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            double[] wall = new double[reps];
            double[] cpu = new double[reps];
            for (int i = -2; i < wall.length; i++) {
                try (NDManager step = m.newSubManager()) {
                    Stopwatch sw = Stopwatch.start();
                    NDArray c = a.matMul(b);
                    c.attach(step);
                    c.getFloat(0, 0); // forces completion on asynchronous devices
                    if (i >= 0) {
                        wall[i] = sw.wallSeconds();
                        cpu[i] = sw.cpuSeconds();
                    }
                }
            }
            BenchResults.Timing t = new BenchResults.Timing(median(wall), median(cpu));
            double flops = 2.0 * n * n * n;
            return new BenchResults.Matmul(n, t, flops / t.wallSeconds() / 1e9, flops / t.cpuSeconds() / 1e9);
        }
    }

    BenchResults.Train train(BenchShape shape, CausalLM model, BenchResults.Matmul ceiling) {
        int b = options.batch();
        int t = options.seqLen();
        int vocab = shape.config().vocabSize();
        for (NDArray p : model.parameters().values()) {
            p.setRequiresGradient(true);
        }
        SplittableRandom rng = new SplittableRandom(7);
        double[] wall = new double[options.trainSteps()];
        double[] cpu = new double[options.trainSteps()];
        for (int i = -options.warmupSteps(); i < wall.length; i++) {
            long[] ids = new long[b * (t + 1)];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = rng.nextInt(vocab);
            }
            Stopwatch sw = Stopwatch.start();
            try (NDManager step = model.manager().newSubManager();
                 GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray all = step.create(ids, new Shape(b, t + 1));
                NDArray inputs = all.get(":, :-1");
                NDArray targets = all.get(":, 1:");
                NDArray loss = TokenLogProbs.of(model.forward(inputs, null, null), targets).mean().neg();
                gc.backward(loss);
                loss.getFloat();
                gc.zeroGradients();
            }
            if (i >= 0) {
                wall[i] = sw.wallSeconds();
                cpu[i] = sw.cpuSeconds();
            }
        }
        BenchResults.Timing step = new BenchResults.Timing(median(wall), median(cpu));
        double flops = shape.trainFlopsPerToken(t) * b * t;
        double gWall = flops / step.wallSeconds() / 1e9;
        double gCpu = flops / step.cpuSeconds() / 1e9;
        return new BenchResults.Train(shape.name(), model.parameterCount(), b, t, step, b * t / step.wallSeconds(),
                b * t / step.cpuSeconds(), gWall, gCpu, gWall / ceiling.gflopsWall(), gCpu / ceiling.gflopsCpu());
    }

    /**
     * Generation with the KV cache and with recomputation at one batch size. The two are timed alternately, each
     * {@code genRepeats} times (medians reported), so that a shift in machine load hits both alike.
     */
    List<BenchResults.Generate> generate(BenchShape shape, Inference inference, int batch) {
        SplittableRandom rng = new SplittableRandom(11);
        List<long[]> prompts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            long[] p = new long[options.promptTokens()];
            for (int j = 0; j < p.length; j++) {
                p[j] = rng.nextInt(shape.config().vocabSize());
            }
            prompts.add(p);
        }
        // No EOS: every sample runs to the token limit, so the token count is exact.
        Generator gen = new Generator(inference, null, Set.of());
        boolean[] modes = {true, false};
        // Warm-up: the JVM compiles the per-step code only after thousands of calls, so a short warm-up left the
        // first timed run (the cached one) partly interpreted. The cached run repeats the timed generation in full;
        // the recomputation runs the same step code on longer inputs, and its first 16 steps suffice.
        for (boolean cache : modes) {
            int warmTokens = cache ? options.newTokens() : Math.min(options.newTokens(), 16);
            gen.generateTokens(prompts, GenerationConfig.greedy(warmTokens).withCache(cache).withBatchSize(batch));
        }
        double[][] wall = new double[2][options.genRepeats()];
        double[][] cpu = new double[2][options.genRepeats()];
        long[] produced = new long[2];
        for (int r = 0; r < options.genRepeats(); r++) {
            for (int k = 0; k < modes.length; k++) {
                GenerationConfig cfg = GenerationConfig.greedy(options.newTokens()).withCache(modes[k])
                        .withBatchSize(batch);
                Stopwatch sw = Stopwatch.start();
                var out = gen.generateTokens(prompts, cfg);
                wall[k][r] = sw.wallSeconds();
                cpu[k][r] = sw.cpuSeconds();
                produced[k] = out.stream().mapToLong(l -> l.get(0).tokenIds().length).sum();
            }
        }
        List<BenchResults.Generate> results = new ArrayList<>();
        for (int k = 0; k < modes.length; k++) {
            BenchResults.Timing time = new BenchResults.Timing(median(wall[k]), median(cpu[k]));
            results.add(new BenchResults.Generate(shape.name(), batch, modes[k], options.promptTokens(),
                    options.newTokens(), time, produced[k] / time.wallSeconds(), produced[k] / time.cpuSeconds()));
        }
        return results;
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private String environment() {
        String load = "";
        try {
            load = ", load average " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split(" ")[0];
        } catch (Exception ignored) {
            // not Linux: no load figure
        }
        return String.format("device %s, %d CPU cores, engine %s %s, intra-op threads %s, inference path %s, "
                + "generation runs timed %d%s", options.device(),
                Runtime.getRuntime().availableProcessors(), Engine.getEngine("PyTorch").getEngineName(),
                Engine.getEngine("PyTorch").getVersion(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"), pathUsed, options.genRepeats(), load);
    }
}
