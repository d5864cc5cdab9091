package dev.codedpo.cli;

import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.Devices;
import dev.codedpo.models.bench.BenchResults;
import dev.codedpo.models.bench.BenchShape;
import dev.codedpo.models.bench.ModelBenchmark;
import dev.codedpo.models.generate.InferencePath;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo bench model}: matmul ceiling, training and generation throughput, side by side in one run. */
@Command(name = "model", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measure the model layer on randomly initialised Llama-style models: the fp32 matmul ceiling,",
            "forward+backward tokens/s with achieved FLOP/s as a fraction of the ceiling, and generation",
            "tokens/s at each batch size with and without the KV cache. Prints a markdown report.",
            ""})
public final class BenchModelCommand implements Callable<Integer> {
    @Option(names = "--shapes", split = ",", defaultValue = "0.9M,20M", paramLabel = "LIST",
            description = "Shapes: 0.9M, 20M (default: ${DEFAULT-VALUE}).")
    List<String> shapes;

    @Option(names = "--batch", defaultValue = "8", description = "Training batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq-len", defaultValue = "256", description = "Training sequence length (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--warmup-steps", defaultValue = "2", description = "Untimed training steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "5", description = "Timed training steps; the median is reported (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--gen-batches", split = ",", defaultValue = "1,8", paramLabel = "LIST",
            description = "Generation batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> genBatches;

    @Option(names = "--prompt-tokens", defaultValue = "16", description = "Prompt length for generation (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--new-tokens", defaultValue = "128", description = "Tokens generated (default: ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--matmul-size", defaultValue = "2048", description = "Square matmul size for the ceiling (default: ${DEFAULT-VALUE}).")
    int matmulSize;

    @Option(names = "--matmul-reps", defaultValue = "10", description = "Timed matmuls (default: ${DEFAULT-VALUE}).")
    int matmulReps;

    @Mixin
    ThreadOption threads;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV", description = "cpu (default), gpu or gpu:N.")
    String device;

    @Option(names = "--path", defaultValue = "scripted", paramLabel = "PATH",
            description = "How generation runs the forward pass: scripted (one TorchScript call per step; the "
                    + "default everywhere), fused (DJL ops over fused weight "
                    + "copies) or parameters (DJL ops over the parameters, as in training).")
    String path;

    @Option(names = "--unfused", description = "Same as --path parameters.")
    boolean unfused;

    @Option(names = "--gen-repeats", defaultValue = "1",
            description = "Timed generations per batch size and cache setting, after a warm-up; the median is "
                    + "reported (default: ${DEFAULT-VALUE}).")
    int genRepeats;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Override
    public Integer call() {
        if (batch < 1 || seqLen < 2 || steps < 1 || warmup < 0 || newTokens < 1 || promptTokens < 1
                || matmulSize < 1 || matmulReps < 1 || genRepeats < 1 || genBatches.stream().anyMatch(b -> b < 1)) {
            throw new InputException("sizes and counts must be positive (--seq-len >= 2, --warmup-steps >= 0)");
        }
        threads.apply();
        InferencePath inference;
        try {
            inference = unfused ? InferencePath.PARAMETERS : InferencePath.parse(path);
        } catch (IllegalArgumentException e) {
            throw new InputException("--path: " + e.getMessage());
        }
        ModelBenchmark.Options options = new ModelBenchmark.Options(BenchShape.parse(shapes), Devices.parse(device),
                matmulSize, matmulReps, batch, seqLen, warmup, steps, genBatches, promptTokens, newTokens, inference,
                genRepeats);
        BenchResults results = new ModelBenchmark(options, line -> System.err.println("[bench] " + line)).run();
        System.out.print(results.toMarkdown());
        if (json != null) {
            AtomicFiles.writeString(json, Json.pretty(results));
        }
        return Main.EXIT_OK;
    }
}
