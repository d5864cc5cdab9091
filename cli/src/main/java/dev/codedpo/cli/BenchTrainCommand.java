package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import dev.codedpo.models.Devices;
import dev.codedpo.models.bench.BenchShape;
import dev.codedpo.models.lora.LoraConfig;
import dev.codedpo.train.bench.DpoBenchmark;
import dev.codedpo.train.bench.LoraBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo bench train}: DPO training throughput and memory on random models of the benchmark shapes. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "DPO training throughput (tokens/s, share of the fp32 matmul ceiling) and memory growth.",
        description = {
            "Trains random models of the benchmark shapes with DPO on random token pairs and reports the median",
            "step time, tokens/s and achieved FLOP/s (policy forward and backward plus reference forward) as a",
            "share of the fp32 matmul ceiling measured in the same run, from wall-clock and from CPU time.",
            "--rss-steps N adds a memory run on the first shape: resident memory at step 100 against step N.",
            "--lora instead compares, per shape and in one run, the step time of full fine-tuning (with a",
            "reference copy), LoRA (reference = adapters off) and LoRA with precomputed reference log-probs, and",
            "reports the reference precomputation's throughput in tokens/s.",
            ""})
public final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--shapes", defaultValue = "0.9M,20M", split = ",", paramLabel = "S",
            description = "Model shapes (0.9M, 20M; default: ${DEFAULT-VALUE}).")
    List<String> shapes;

    @Option(names = "--pairs", defaultValue = "4", paramLabel = "N", description = "Pairs per step (default 4).")
    int pairs;

    @Option(names = "--seq-len", defaultValue = "256", paramLabel = "T",
            description = "Prompt + response tokens per row (default 256).")
    int seqLen;

    @Option(names = "--prompt-len", defaultValue = "64", paramLabel = "P", description = "Prompt tokens (default 64).")
    int promptLen;

    @Option(names = "--warmup-steps", defaultValue = "2", paramLabel = "N", description = "Untimed steps (default 2).")
    int warmup;

    @Option(names = "--steps", defaultValue = "5", paramLabel = "N", description = "Timed steps (default 5).")
    int steps;

    @Option(names = "--matmul-size", defaultValue = "2048", paramLabel = "N",
            description = "Side of the ceiling's square matmul (default 2048).")
    int matmulSize;

    @Option(names = "--rss-steps", defaultValue = "0", paramLabel = "N",
            description = "Steps of the memory run on the first shape (0 = none; e.g. 1000).")
    int rssSteps;

    @Option(names = "--lora", description = "Compare LoRA with full fine-tuning (see above).")
    boolean lora;

    @Option(names = "--lora-rank", defaultValue = "8", paramLabel = "R",
            description = "LoRA rank for --lora, on all seven projections (default 8).")
    int loraRank;

    @Option(names = "--lora-dropout", defaultValue = "0.05", paramLabel = "P",
            description = "LoRA dropout for --lora (default 0.05, PEFT's usual; 0 draws no masks).")
    double loraDropout;

    @Mixin
    ThreadOption threads;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV", description = "cpu (default), gpu or gpu:N.")
    String device;

    @Override
    public Integer call() {
        if (pairs < 1 || steps < 1 || warmup < 0 || promptLen < 1 || seqLen <= promptLen) {
            throw new InputException("need --pairs >= 1, --steps >= 1, --warmup-steps >= 0, 1 <= --prompt-len < --seq-len");
        }
        threads.apply();
        DpoBenchmark.Options options = new DpoBenchmark.Options(BenchShape.parse(shapes), Devices.parse(device), pairs,
                seqLen, promptLen, warmup, steps, matmulSize, rssSteps);
        if (lora) {
            LoraConfig config;
            try {
                config = new LoraConfig(loraRank, null, loraDropout, null);
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage().replace("lora.rank", "--lora-rank")
                        .replace("lora.dropout", "--lora-dropout"));
            }
            new LoraBenchmark(options, config, System.out::println).run();
        } else {
            new DpoBenchmark(options, System.out::println).run();
        }
        return Main.EXIT_OK;
    }
}
