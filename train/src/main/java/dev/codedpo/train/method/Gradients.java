package dev.codedpo.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.LayerCheckpoints;
import java.util.function.Function;

/**
 * Runs one differentiated computation and its backward pass. Everything the loss is built from lives in a fresh
 * sub-manager that is closed only after {@code backward}, so no array autograd still needs is freed early
 * (DJL-NOTES hazard 1); gradients add up across calls (hazard 6), which is what accumulation needs.
 */
public final class Gradients {
    private Gradients() {}

    /** Builds the loss in a sub-manager of {@code step}, back-propagates it, and returns its value. */
    public static double backward(NDManager step, Function<NDManager, NDArray> loss) {
        return backward(step, null, loss);
    }

    /**
     * As {@link #backward(NDManager, Function)} for a loss of {@code model}'s forward passes: with activation
     * checkpointing installed on it, the layer-wise backward through its decoder layers follows the loss's.
     */
    public static double backward(NDManager step, CausalLM model, Function<NDManager, NDArray> loss) {
        LayerCheckpoints checkpoints = model == null ? null : model.checkpoints();
        try (NDManager m = step.newSubManager();
             GradientCollector collector = step.getEngine().newGradientCollector()) {
            NDArray value = loss.apply(m);
            double v = value.toType(DataType.FLOAT64, false).getDouble();
            beforeBackward.run();
            collector.backward(value);
            if (checkpoints != null) {
                checkpoints.backward(collector);
            }
            return v;
        } finally {
            if (checkpoints != null) {
                checkpoints.clear();
            }
        }
    }

    /** Builds the loss in a sub-manager of {@code step} without recording anything (evaluation). */
    public static double value(NDManager step, Function<NDManager, NDArray> loss) {
        try (NDManager m = step.newSubManager()) {
            return loss.apply(m).toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /** The loss of {@code train ? backward : value}, for a loss of {@code model}'s forward passes. */
    static double run(boolean train, NDManager step, CausalLM model, Function<NDManager, NDArray> loss) {
        return train ? backward(step, model, loss) : value(step, loss);
    }

    /** Runs between every forward and backward pass; tests set it to force a garbage collection there. */
    static volatile Runnable beforeBackward = () -> {};
}
