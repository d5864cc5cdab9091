package dev.codedpo.train.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.LossType;
import dev.codedpo.train.TrainFixtures;
import dev.codedpo.train.data.CompletionExample;
import dev.codedpo.train.data.PreferenceExample;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gradient each objective back-propagates equals central finite differences of the loss it reports, in float64
 * on the tiny Llama, with padded micro-batches of different lengths and gradient accumulation (2 x 2 rows). The policy
 * is moved away from the reference first, so that every loss term is away from its symmetric point.
 * (KTO's loss depends on its KL baseline, which TRL detaches, so its finite differences are not its gradient: KTO
 * is checked step by step against the PyTorch reference instead.)
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

    private static <R> void check(Function<Models, Objective<R>> make, List<List<R>> micro) {
        try (CausalLM stored = TrainFixtures.load("stories260K");
             CausalLM policy = stored.copy(DataType.FLOAT64);
             CausalLM reference = stored.copy(DataType.FLOAT64)) {
            SplittableRandom rng = new SplittableRandom(3);
            for (NDArray p : policy.parameters().values()) {
                double[] v = p.toDoubleArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] += 0.02 * (rng.nextDouble() - 0.5);
                }
                p.set(v);
                p.setRequiresGradient(true);
            }
            Objective<R> objective = make.apply(new Models(policy, reference, 0));
            NDManager base = policy.manager();
            double[][] analytic = new double[TENSORS.length][];
            try (NDManager step = base.newSubManager()) {
                objective.step(micro, step);
                for (int t = 0; t < TENSORS.length; t++) {
                    NDArray g = policy.parameters().get(TENSORS[t]).getGradient();
                    g.attach(step);
                    analytic[t] = g.toDoubleArray();
                }
            }
            double eps = 1e-5;
            int checked = 0;
            for (int t = 0; t < TENSORS.length; t++) {
                NDArray p = policy.parameters().get(TENSORS[t]);
                double[] v = p.toDoubleArray();
                for (int k = 0; k < 2; k++) {
                    int i = rng.nextInt(v.length);
                    if (t == 0) {
                        i = (int) (3 + rng.nextInt(509)) * 64 + rng.nextInt(64);
                    }
                    double keep = v[i];
                    v[i] = keep + eps;
                    p.set(v);
                    double plus = loss(objective, micro, base);
                    v[i] = keep - eps;
                    p.set(v);
                    double minus = loss(objective, micro, base);
                    v[i] = keep;
                    p.set(v);
                    double numeric = (plus - minus) / (2 * eps);
                    double a = analytic[t][i];
                    assertEquals(numeric, a, 1e-6 + 1e-5 * Math.abs(numeric), TENSORS[t] + "[" + i + "]");
                    checked += Math.abs(numeric) > 1e-6 ? 1 : 0;
                }
            }
            assertTrue(checked >= 4, "most checked gradients are non-zero: " + checked);
        }
    }

    private static <R> double loss(Objective<R> objective, List<List<R>> micro, NDManager base) {
        try (NDManager step = base.newSubManager()) {
            return objective.step(micro, step).get("loss");
        }
    }
}
