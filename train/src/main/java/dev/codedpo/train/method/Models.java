package dev.codedpo.train.method;

import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.nn.CausalLM;
import java.util.List;

/**
 * The policy being trained and the frozen reference it is compared with.
 *
 * @param reference null for methods without one (SFT)
 * @param padId     right padding; never scored, so any id works (TRL uses pad or EOS)
 */
public record Models(CausalLM policy, CausalLM reference, long padId) {
    public double[] referenceScores(List<TokenizedRow> rows) {
        return SequenceScores.of(reference, rows, padId);
    }

    /** The policy's scores without gradients (what TRL detaches). */
    public double[] policyScores(List<TokenizedRow> rows) {
        return SequenceScores.of(policy, rows, padId);
    }
}
