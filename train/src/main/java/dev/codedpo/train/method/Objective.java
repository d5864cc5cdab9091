package dev.codedpo.train.method;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * One training method's loss over one optimizer step: it runs the forward passes of the step's micro-batches,
 * back-propagates each micro-batch's share of the step loss (gradients add up in the parameters), and returns the
 * step's metrics under TRL's names, {@code loss} first. The loss is computed with the weights before the update.
 *
 * @param <R> a tokenized training row of the method
 */
public interface Objective<R> {
    Map<String, Double> step(List<List<R>> microBatches, NDManager step);

    /** The same metrics without gradients, for evaluation rows. */
    Map<String, Double> evaluate(List<List<R>> batches, NDManager step);

    /** Response tokens the step's forward passes process (for tokens/s), from the rows alone. */
    long tokens(List<List<R>> microBatches);
}
