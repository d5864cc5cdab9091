package dev.codedpo.train.method;

import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.reference.ReferenceLogps;
import java.util.List;

/**
 * The policy being trained and the frozen reference it is compared with.
 *
 * @param reference null for methods without one (SFT), with LoRA, where the reference is the policy itself with
 *                  its adapters switched off (one copy of the weights), and with precomputed reference log-probs
 * @param padId     right padding; never scored, so any id works (TRL uses pad or EOS)
 * @param adapter   the LoRA adapters installed on the policy, or null for full fine-tuning
 * @param cached    reference log-probs computed before training (precompute_ref_logps), or null: when set, no
 *                  reference forward pass runs at all
 */
public record Models(CausalLM policy, CausalLM reference, long padId, LoraAdapter adapter, ReferenceLogps cached) {
    public Models(CausalLM policy, CausalLM reference, long padId) {
        this(policy, reference, padId, null, null);
    }

    /** LoRA training: the reference is the same model without its adapters. */
    public static Models lora(CausalLM policy, LoraAdapter adapter, long padId) {
        return new Models(policy, null, padId, adapter, null);
    }

    /** These models with the reference's values read from {@code values} instead of computed. */
    public Models withCached(ReferenceLogps values) {
        return new Models(policy, reference, padId, adapter, values);
    }

    public double[] referenceScores(List<TokenizedRow> rows) {
        if (cached != null) {
            return cached.of(rows);
        }
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
