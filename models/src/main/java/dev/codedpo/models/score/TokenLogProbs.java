package dev.codedpo.models.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.nn.EngineArrays;

/** Per-position log-probabilities of given target tokens; differentiable, for scoring and for training losses. */
public final class TokenLogProbs {
    private TokenLogProbs() {}

    /** logits [B, T, V] and targets [B, T] (int64) -> log softmax(logits)[target] as [B, T]. */
    public static NDArray of(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
    }

    /**
     * Sum over positions of {@code perToken} [B, T] weighted by a 0/1 mask given row-major from Java (response
     * positions 1, prompt and padding 0): the sequence log-probability of each row, [B], differentiable. The mask is
     * copied into engine memory first, because autograd keeps it for the backward pass (DJL-NOTES hazard 1).
     */
    public static NDArray maskedSum(NDArray perToken, float[] mask) {
        Shape shape = perToken.getShape();
        if (mask.length != shape.size()) {
            throw new IllegalArgumentException("mask has " + mask.length + " values for log-probs of shape " + shape);
        }
        NDArray m = EngineArrays.owned(perToken.getManager(), mask, shape);
        return perToken.mul(m).sum(new int[] {1});
    }
}
