package dev.codedpo.train.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.FiniteDifferences;
import dev.codedpo.train.LossType;
import dev.codedpo.train.TrainFixtures;
import dev.codedpo.train.data.CompletionExample;
import dev.codedpo.train.data.LabeledExample;
import dev.codedpo.train.data.PreferenceExample;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gradient each objective back-propagates equals central finite differences of the loss it reports, in float64
 * on the tiny Llama, with padded micro-batches of different lengths and gradient accumulation (2 x 2 rows). Policy
 * and reference are moved apart first (each its own seeded perturbation of the model), so that every loss term is
 * away from its symmetric point. KTO's loss depends on its KL baseline, which TRL detaches: its finite differences
 * are its gradient only where the baseline is clamped at 0, which is the case checked here; a positive baseline is
 * checked step by step against the PyTorch reference (GoldenTrajectoryTest).
 */
class FiniteDifferenceTest {
    private static final String[] TENSORS = {"model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight",
        "model.layers.2.mlp.down_proj.weight", "model.layers.4.input_layernorm.weight", "model.norm.weight"};

    @ParameterizedTest
    @CsvSource({"sigmoid,0,0", "sigmoid,0.1,0", "robust,0.2,0", "hinge,0,0", "ipo,0,0", "sigmoid,0,0.5", "ipo,0,1.0"})
    void dpoGradientsMatch(String type, double smoothing, double rpo) {
        List<PreferenceExample> rows = TrainFixtures.pairs(4, 512, 7);
        check(models -> new DpoObjective(models, LossType.parse(type), 0.5, smoothing, rpo),
                List.of(rows.subList(0, 2), rows.subList(2, 4)));
    }

    @Test
    void sftGradientsMatch() {
        List<CompletionExample> rows = TrainFixtures.completions(4, 512, 8);
        check(SftObjective::new, List.of(rows.subList(0, 1), rows.subList(1, 4)));
    }

    /**
     * KTO where its KL baseline is clamped at 0 (the mismatched pairs score lower under the policy than under the
     * reference), so the detached baseline is a constant and finite differences are the gradient: this checks the
     * reward path, the signs and weights of desirable and undesirable rows and the means. The value of a positive
     * baseline is checked against the PyTorch reference (GoldenTrajectoryTest).
     */
    @Test
    void ktoGradientsMatchWhereTheBaselineIsClamped() {
        List<LabeledExample> rows = TrainFixtures.labeled(6, 512, 9);
        Function<Models, Objective<LabeledExample>> make = models -> new KtoObjective(models, 0.5, 1.0, 1.5);
        List<List<LabeledExample>> micro = List.of(rows.subList(0, 3), rows.subList(3, 6));
        // Which of the two perturbed copies plays the policy decides the baseline's sign: pick the clamped one.
        boolean swap = klOf(make, micro, false) > 0;
        assertEquals(0.0, klOf(make, micro, swap), 0.0, "the baseline is clamped for the checked setup");
        check(make, micro, swap);
    }

    private static <R> double klOf(Function<Models, Objective<R>> make, List<List<R>> micro, boolean swap) {
        double[] kl = new double[1];
        withModels(swap, (policy, reference) -> {
            Objective<R> objective = make.apply(new Models(policy, reference, 0));
            try (NDManager step = policy.manager().newSubManager()) {
                kl[0] = objective.step(micro, step).get("kl");
            }
        });
        return kl[0];
    }

    /** A float64 policy and reference, each the stored model with its own small seeded perturbation. */
    private static void withModels(boolean swap, java.util.function.BiConsumer<CausalLM, CausalLM> body) {
        try (CausalLM stored = TrainFixtures.load("stories260K");
             CausalLM first = stored.copy(DataType.FLOAT64);
             CausalLM second = stored.copy(DataType.FLOAT64)) {
            SplittableRandom rng = new SplittableRandom(3);
            for (CausalLM m : List.of(first, second)) {
                for (NDArray p : m.parameters().values()) {
                    double[] v = p.toDoubleArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] += (m == first ? 0.02 : 0.01) * (rng.nextDouble() - 0.5);
                    }
                    p.set(v);
                }
            }
            CausalLM policy = swap ? second : first;
            for (NDArray p : policy.parameters().values()) {
                p.setRequiresGradient(true);
            }
            body.accept(policy, swap ? first : second);
        }
    }

    private static <R> void check(Function<Models, Objective<R>> make, List<List<R>> micro) {
        check(make, micro, false);
    }

    private static <R> void check(Function<Models, Objective<R>> make, List<List<R>> micro, boolean swap) {
        withModels(swap, (policy, reference) -> checkOn(make.apply(new Models(policy, reference, 0)), policy, micro));
    }

    private static <R> void checkOn(Objective<R> objective, CausalLM policy, List<List<R>> micro) {
        SplittableRandom rng = new SplittableRandom(5);
        NDManager base = policy.manager();
        double[][] analytic = FiniteDifferences.gradients(objective, micro, policy.parameters(), TENSORS, base);
        // Embedding entries in rows of token ids the rows can contain (3..511, 64 columns), so that they matter.
        int checked = FiniteDifferences.check(objective, micro, policy.parameters(), TENSORS, analytic, base,
                1e-5, 1e-6, 2, rng, (tensor, length, r) -> {
                    int any = r.nextInt(length);
                    return tensor.equals(TENSORS[0]) ? (3 + r.nextInt(509)) * 64 + r.nextInt(64) : any;
                });
        assertTrue(checked >= 4, "most checked gradients are non-zero: " + checked);
    }
}
