package dev.codedpo.train.method;

import ai.djl.ndarray.NDManager;
import dev.codedpo.models.batch.ResponseLogProbs;
import dev.codedpo.models.batch.SequenceBatch;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.nn.CausalLM;
import java.util.List;

/**
 * Summed response log-probabilities without gradients: the reference model's, and the policy's where TRL detaches
 * them (KTO's KL estimate). Called outside any gradient collector, so nothing is recorded.
 */
public final class SequenceScores {
    private SequenceScores() {}

    public static double[] of(CausalLM model, List<TokenizedRow> rows, long padId) {
        try (NDManager m = model.manager().newSubManager()) {
            return Scalars.values(ResponseLogProbs.of(model, SequenceBatch.of(rows, padId), m));
        }
    }
}
