package dev.codedpo.train.method;

import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.nn.CausalLM;
import java.util.List;

/**
 * The policy being trained and the frozen reference it is compared with.
 *
 * @param reference null for methods without one (SFT), and with LoRA, where the reference is the policy itself with
 *                  its adapters switched off (one copy of the weights)
 * @param padId     right padding; never scored, so any id works (TRL uses pad or EOS)
 * @param adapter   the LoRA adapters installed on the policy, or null for full fine-tuning
 */
public record Models(CausalLM policy, CausalLM reference, long padId, LoraAdapter adapter) {
    public Models(CausalLM policy, CausalLM reference, long padId) {
        this(policy, reference, padId, null);
    }

    /** LoRA training: the reference is the same model without its adapters. */
    public static Models lora(CausalLM policy, LoraAdapter adapter, long padId) {
        return new Models(policy, null, padId, adapter);
    }

    public double[] referenceScores(List<TokenizedRow> rows) {
        if (adapter != null) {
            return adapter.withoutAdapters(() -> SequenceScores.of(policy, rows, padId));
        }
        return SequenceScores.of(reference, rows, padId);
    }

    /** The policy's scores without gradients (what TRL detaches). */
    public double[] policyScores(List<TokenizedRow> rows) {
        return SequenceScores.of(policy, rows, padId);
    }
}
