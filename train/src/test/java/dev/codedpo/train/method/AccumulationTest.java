package dev.codedpo.train.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.LossType;
import dev.codedpo.train.TrainFixtures;
import dev.codedpo.train.data.CompletionExample;
import dev.codedpo.train.data.PreferenceExample;
import dev.codedpo.train.loop.GradientStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradient accumulation 4 x 1 gives the gradient of one batch of 4 (TRL users' #2617); a forced garbage collection
 * between forward and backward changes no gradient (DJL-NOTES hazard 1: Java numbers freed under autograd).
 */
class AccumulationTest {
    @Test
    void dpoFourTimesOneEqualsBatchOfFour() {
        List<PreferenceExample> rows = TrainFixtures.pairs(4, 512, 11);
        compare(m -> new DpoObjective(m, LossType.SIGMOID, 0.1, 0, 0), List.of(rows),
                List.of(rows.subList(0, 1), rows.subList(1, 2), rows.subList(2, 3), rows.subList(3, 4)), false);
    }

    @Test
    void sftFourTimesOneEqualsBatchOfFour() {
        List<CompletionExample> rows = TrainFixtures.completions(4, 512, 12);
        compare(SftObjective::new, List.of(rows),
                List.of(rows.subList(0, 1), rows.subList(1, 2), rows.subList(2, 3), rows.subList(3, 4)), false);
    }

    @Test
    void garbageCollectionBetweenForwardAndBackwardChangesNothing() {
        List<PreferenceExample> rows = TrainFixtures.pairs(4, 512, 13);
        compare(m -> new DpoObjective(m, LossType.ROBUST, 0.3, 0.2, 0.5), List.of(rows), List.of(rows), true);
    }

    private static <R> void compare(Function<Models, Objective<R>> make, List<List<R>> a, List<List<R>> b,
                                    boolean gcInB) {
        try (CausalLM policy = TrainFixtures.load("stories260K");
             CausalLM reference = policy.copy(DataType.FLOAT32)) {
            policy.parameters().values().forEach(p -> p.setRequiresGradient(true));
            Objective<R> objective = make.apply(new Models(policy, reference, 0));
            Map<String, float[]> first = gradients(policy, objective, a);
            if (gcInB) {
                Gradients.beforeBackward = () -> {
                    System.gc();
                    System.gc();
                };
            }
            try {
                Map<String, float[]> second = gradients(policy, objective, b);
                for (String name : first.keySet()) {
                    float[] x = first.get(name);
                    float[] y = second.get(name);
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(x[i], y[i], 1e-5 * (1 + Math.abs(x[i])), name + "[" + i + "]");
                    }
                }
            } finally {
                Gradients.beforeBackward = () -> { };
            }
        }
    }

    private static <R> Map<String, float[]> gradients(CausalLM policy, Objective<R> objective, List<List<R>> micro) {
        try (NDManager step = policy.manager().newSubManager()) {
            objective.step(micro, step);
            GradientStep grads = new GradientStep(policy.parameters(), step);
            Map<String, float[]> out = new LinkedHashMap<>();
            grads.gradients().forEach((name, g) -> out.put(name, g.toFloatArray()));
            grads.zero();
            return out;
        }
    }
}
