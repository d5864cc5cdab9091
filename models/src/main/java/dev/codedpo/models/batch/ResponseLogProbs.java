package dev.codedpo.models.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.EngineArrays;

/**
 * Log-probabilities of the response tokens of a {@link SequenceBatch}, differentiable when a gradient collector is
 * open. The output head runs only at the positions that predict response tokens, so no [B, T, vocab] array is ever
 * made (a 151,936-token vocabulary at B = 8, T = 1,024 would need 5 GB for it).
 */
public final class ResponseLogProbs {
    private ResponseLogProbs() {}

    /** Per scored token, [N], in the batch's order. Arrays go to {@code step}. */
    public static NDArray perToken(CausalLM model, SequenceBatch batch, NDManager step) {
        int b = batch.rows();
        int t = batch.width();
        NDArray ids = step.create(batch.inputIds(), new Shape(b, t));
        NDArray hidden = model.hiddenStates(ids, null, null);
        long h = hidden.getShape().get(2);
        long n = batch.scoredTokens();
        // Index arrays are copied into engine memory: autograd keeps them for the backward pass (DJL-NOTES hazard 1).
        NDArray where = step.create(batch.predictorIndex(), new Shape(n, 1)).repeat(1, h);
        NDArray picked = hidden.reshape(b * (long) t, h).gather(where, 0);
        NDArray logits = model.logits(picked);
        NDArray targets = step.create(batch.targets(), new Shape(n, 1)).duplicate();
        return logits.logSoftmax(-1).gather(targets, -1).reshape(n);
    }

    /** Sum over each row's scored tokens, [B], from {@link #perToken}. */
    public static NDArray rowSums(NDArray perToken, SequenceBatch batch) {
        int b = batch.rows();
        int n = batch.scoredTokens();
        float[] assign = new float[b * n];
        int[] rowOf = batch.rowOf();
        for (int k = 0; k < n; k++) {
            assign[rowOf[k] * n + k] = 1f;
        }
        NDArray a = EngineArrays.owned(perToken.getManager(), assign, new Shape(b, n))
                .toType(perToken.getDataType(), false);
        return a.matMul(perToken.reshape(n, 1)).reshape(b);
    }

    /** {@link #rowSums} of {@link #perToken}: each row's sequence log-probability, [B]. */
    public static NDArray of(CausalLM model, SequenceBatch batch, NDManager step) {
        return rowSums(perToken(model, batch, step), batch);
    }
}
