package dev.codedpo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.codedpo.train.method.Objective;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Central finite differences of the loss an objective reports, compared with the gradient it back-propagates, at a
 * few seeded entries of each named tensor (float64 models). Shared by the gradient checks of every objective.
 */
public final class FiniteDifferences {
    /** Which entry of a tensor of {@code length} values to check. */
    public interface EntryChooser {
        int choose(String tensor, int length, SplittableRandom rng);
    }

    public static final EntryChooser ANY = (tensor, length, rng) -> rng.nextInt(length);

    private FiniteDifferences() {}

    /** One step's back-propagated gradients of the named tensors (the step's other results are dropped). */
    public static <R> double[][] gradients(Objective<R> objective, List<List<R>> micro, Map<String, NDArray> params,
                                           String[] tensors, NDManager base) {
        double[][] out = new double[tensors.length][];
        try (NDManager step = base.newSubManager()) {
            objective.step(micro, step);
            for (int t = 0; t < tensors.length; t++) {
                NDArray g = params.get(tensors[t]).getGradient();
                g.attach(step);
                out[t] = g.toDoubleArray();
            }
        }
        return out;
    }

    /**
     * Checks {@code perTensor} entries of each tensor: |numeric - analytic| <= absTol + 1e-5 |numeric|.
     *
     * @return how many checked entries had a numeric gradient above 1e-6 (callers require most to be non-zero)
     */
    public static <R> int check(Objective<R> objective, List<List<R>> micro, Map<String, NDArray> params,
                                String[] tensors, double[][] analytic, NDManager base, double eps, double absTol,
                                int perTensor, SplittableRandom rng, EntryChooser chooser) {
        int nonZero = 0;
        for (int t = 0; t < tensors.length; t++) {
            NDArray p = params.get(tensors[t]);
            double[] v = p.toDoubleArray();
            for (int k = 0; k < perTensor; k++) {
                int i = chooser.choose(tensors[t], v.length, rng);
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
                assertEquals(numeric, analytic[t][i], absTol + 1e-5 * Math.abs(numeric), tensors[t] + "[" + i + "]");
                nonZero += Math.abs(numeric) > 1e-6 ? 1 : 0;
            }
        }
        return nonZero;
    }

    private static <R> double loss(Objective<R> objective, List<List<R>> micro, NDManager base) {
        try (NDManager step = base.newSubManager()) {
            return objective.step(micro, step).get("loss");
        }
    }
}
