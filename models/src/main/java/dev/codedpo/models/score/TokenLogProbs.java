package dev.codedpo.models.score;

import ai.djl.ndarray.NDArray;

/** Per-position log-probabilities of given target tokens; differentiable, for scoring and for training losses. */
public final class TokenLogProbs {
    private TokenLogProbs() {}

    /** logits [B, T, V] and targets [B, T] (int64) -> log softmax(logits)[target] as [B, T]. */
    public static NDArray of(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
    }
}
