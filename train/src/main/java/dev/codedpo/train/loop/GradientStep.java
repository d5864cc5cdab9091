package dev.codedpo.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gradients of one optimizer step, borrowed from the parameters into the step's manager: every
 * {@code getGradient()} call makes a new wrapper on the parameter's long-lived manager (DJL-NOTES hazard 7), so each
 * is moved to the step's manager at once, and zeroing touches only the model's own gradients (DJL's
 * {@code GradientCollector.zeroGradients()} walks every array in the process and leaks).
 */
public final class GradientStep {
    private final Map<String, NDArray> gradients = new LinkedHashMap<>();

    public GradientStep(Map<String, NDArray> parameters, NDManager step) {
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray g = e.getValue().getGradient();
            g.attach(step);
            gradients.put(e.getKey(), g);
        }
    }

    public Map<String, NDArray> gradients() {
        return gradients;
    }

    /** Global L2 norm over all gradients, accumulated in double precision. */
    public double norm() {
        double sum = 0;
        for (NDArray g : gradients.values()) {
            try (NDArray sq = g.square().sum().toType(DataType.FLOAT64, false)) {
                sum += sq.getDouble();
            }
        }
        return Math.sqrt(sum);
    }

    /** Scales every gradient by min(1, maxNorm / (norm + 1e-6)); 0 turns clipping off. Returns whether it clipped. */
    public boolean clip(double norm, double maxNorm) {
        if (maxNorm <= 0) {
            return false;
        }
        double scale = maxNorm / (norm + 1e-6);
        if (scale >= 1) {
            return false;
        }
        for (NDArray g : gradients.values()) {
            g.muli(scale);
        }
        return true;
    }

    /** Sets the parameters' gradients to zero in place, ready for the next step's accumulation. */
    public void zero() {
        for (NDArray g : gradients.values()) {
            g.subi(g);
        }
    }
}
