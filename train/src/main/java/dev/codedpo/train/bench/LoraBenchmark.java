package dev.codedpo.train.bench;

import ai.djl.ndarray.NDArray;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.bench.BenchShape;
import dev.codedpo.models.bench.ModelBenchmark;
import dev.codedpo.models.bench.Stopwatch;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.lora.LoraConfig;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.RandomInit;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.data.PreferenceExample;
import dev.codedpo.train.loop.Trainer;
import dev.codedpo.train.method.DpoObjective;
import dev.codedpo.train.method.Models;
import dev.codedpo.train.method.SequenceScores;
import dev.codedpo.train.reference.ReferenceLogps;
import dev.codedpo.train.reference.ScoredRows;
import dev.codedpo.train.Method;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code codedpo bench train --lora}: on each shape, in one process, the median DPO step time of full fine-tuning
 * (policy + a reference copy), of LoRA (reference = adapters off), and of LoRA with precomputed reference log-probs,
 * plus the reference precomputation's throughput in scored-row tokens per second.
 */
public final class LoraBenchmark {
    /** One shape's figures (seconds per step; tokens/s of the precomputation). */
    public record Result(String shape, long parameters, long adapterParameters, double fullStep, double loraStep,
                         double loraCachedStep, double precomputeTokensPerSecond) {}

    private final DpoBenchmark.Options options;
    private final LoraConfig lora;
    private final Consumer<String> out;

    public LoraBenchmark(DpoBenchmark.Options options, LoraConfig lora, Consumer<String> out) {
        this.options = options;
        this.lora = lora;
        this.out = out;
    }

    public List<Result> run() {
        out.accept(String.format(Locale.ROOT, "DPO steps of %d pairs x %d tokens (%d prompt); LoRA rank %d, alpha %.0f,"
                        + " dropout %.2f on %s; median of %d steps after %d untimed", options.pairs(), options.seqLen(),
                options.promptLen(), lora.rank(), lora.alpha(), lora.dropout(), String.join(",", lora.targetModules()),
                options.steps(), options.warmup()));
        out.accept("| shape | params | trained (LoRA) | full step | LoRA step | LoRA + cached reference | "
                + "LoRA speed-up | reference precompute |");
        out.accept("|---|---|---|---|---|---|---|---|");
        List<Result> results = options.shapes().stream().map(this::shape).toList();
        for (Result r : results) {
            out.accept(String.format(Locale.ROOT, "| %s | %.2fM | %.2fM | %.3f s | %.3f s | %.3f s | %.2fx | %.0f tokens/s |",
                    r.shape(), r.parameters() / 1e6, r.adapterParameters() / 1e6, r.fullStep(), r.loraStep(),
                    r.loraCachedStep(), r.fullStep() / r.loraStep(), r.precomputeTokensPerSecond()));
        }
        return results;
    }

    private Result shape(BenchShape shape) {
        List<PreferenceExample> rows = DpoBenchmark.rows(shape, options);
        int steps = options.warmup() + options.steps();
        TrainConfig c = DpoBenchmark.config(options, steps);
        double full;
        try (CausalLM policy = RandomInit.create(shape.config(), options.device(), 42);
             CausalLM reference = RandomInit.create(shape.config(), options.device(), 42)) {
            for (NDArray p : reference.parameters().values()) {
                p.setRequiresGradient(false);
            }
            full = median(new Models(policy, reference, 0), policy, null, c, rows);
        }
        try (CausalLM policy = RandomInit.create(shape.config(), options.device(), 42)) {
            // Precomputation first, on the base alone: what precompute_ref_logps does before training.
            List<List<TokenizedRow>> batches = ScoredRows.training(Method.DPO, rows, c, steps);
            long tokens = batches.stream().flatMap(List::stream).mapToLong(TokenizedRow::length).sum();
            Function<List<TokenizedRow>, double[]> scorer = b -> SequenceScores.of(policy, b, 0);
            scorer.apply(batches.get(0));
            Stopwatch sw = Stopwatch.start();
            ReferenceLogps cached = ReferenceLogps.compute(batches, scorer);
            double precompute = tokens / sw.wallSeconds();
            try (LoraAdapter adapter = LoraAdapter.initialize(policy, lora, 42).installOn(policy)) {
                Models models = Models.lora(policy, adapter, 0);
                double plain = median(models, policy, adapter, c, rows);
                double withCache = median(models.withCached(cached), policy, adapter, c, rows);
                long trained = adapter.parameters().values().stream().mapToLong(NDArray::size).sum();
                return new Result(shape.name(), policy.parameterCount(), trained, full, plain, withCache, precompute);
            }
        }
    }

    private double median(Models models, CausalLM policy, LoraAdapter adapter, TrainConfig c,
                          List<PreferenceExample> rows) {
        try (Trainer<PreferenceExample> trainer = new Trainer<>(c,
                adapter != null ? adapter.parameters() : policy.parameters(), policy.manager(),
                new DpoObjective(models, c.lossType(), c.beta(), 0, 0), rows)) {
            if (adapter != null) {
                trainer.beforeEachStep(adapter::startStep);
            }
            return ModelBenchmark.median(DpoBenchmark.time(trainer, options.warmup(), options.steps())[0]);
        }
    }
}
