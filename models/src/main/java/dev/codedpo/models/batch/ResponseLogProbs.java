package dev.codedpo.models.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.EngineArrays;

/**
 * Log-probabilities of the response tokens of a {@link SequenceBatch}, differentiable when a gradient collector is
 * open. On the parameter path the output head runs only at the positions that predict response tokens, so no
 * [B, T, vocab] array is ever made (a 151,936-token vocabulary at B = 8, T = 1,024 would need 5 GB for it).
 */
public final class ResponseLogProbs {
    private ResponseLogProbs() {}

    /** The batch's input ids [B, T] in {@code step}. */
    public static NDArray inputIds(SequenceBatch batch, NDManager step) {
        return step.create(batch.inputIds(), new Shape(batch.rows(), batch.width()));
    }

    /** Per scored token, [N], in the batch's order, through the parameter path. Arrays go to {@code step}. */
    public static NDArray perToken(CausalLM model, SequenceBatch batch, NDManager step) {
        NDArray hidden = model.hiddenStates(inputIds(batch, step), null, null);
        return scored(model.logits(predictors(hidden, batch)), batch);
    }

    /**
     * Per scored token, [N], from the logits of every position [B, T, vocab] (a forward pass that makes them all,
     * such as the TorchScript one used without gradients).
     */
    public static NDArray fromLogits(NDArray logits, SequenceBatch batch) {
        return scored(predictors(logits, batch), batch);
    }

    /** The rows of {@code perPosition} [B, T, X] at the positions that predict the scored tokens: [N, X]. */
    private static NDArray predictors(NDArray perPosition, SequenceBatch batch) {
        long x = perPosition.getShape().get(2);
        long n = batch.scoredTokens();
        // Index arrays are engine copies: autograd keeps them for the backward pass (DJL-NOTES hazard 1).
        NDArray where = perPosition.getManager().create(batch.predictorIndex(), new Shape(n, 1)).repeat(1, x);
        return perPosition.reshape((long) batch.rows() * batch.width(), x).gather(where, 0);
    }

    /** log softmax(logits [N, vocab])[target] for each scored token. */
    private static NDArray scored(NDArray logits, SequenceBatch batch) {
        long n = batch.scoredTokens();
        NDArray targets = logits.getManager().create(batch.targets(), new Shape(n, 1)).duplicate();
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
