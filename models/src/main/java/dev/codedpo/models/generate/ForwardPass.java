package dev.codedpo.models.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.codedpo.models.batch.ResponseLogProbs;
import dev.codedpo.models.batch.SequenceBatch;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.FusedWeights;
import dev.codedpo.models.nn.KvCache;
import dev.codedpo.models.nn.ScriptedDecoder;

/**
 * The forward pass of one inference call, as {@link Inference#open} chose it: a script session, fused weight
 * copies, or the parameters. A script that fails at run time is dropped for the rest of the call (and for later
 * calls), and the step is redone on the parameters: the script does not advance the cache when it fails.
 */
public final class ForwardPass implements AutoCloseable {
    private final Inference owner;
    private final CausalLM model;
    private ScriptedDecoder.Session session;
    private final FusedWeights fused;

    private ForwardPass(Inference owner, CausalLM model, ScriptedDecoder.Session session, FusedWeights fused) {
        this.owner = owner;
        this.model = model;
        this.session = session;
        this.fused = fused;
    }

    static ForwardPass scripted(Inference owner, ScriptedDecoder.Session session) {
        return new ForwardPass(owner, owner.model(), session, null);
    }

    static ForwardPass fused(CausalLM model, FusedWeights fused) {
        return new ForwardPass(null, model, null, fused);
    }

    static ForwardPass parameters(CausalLM model) {
        return new ForwardPass(null, model, null, null);
    }

    /** How this call runs now (a failed script turns a scripted call into a parameter one). */
    public InferencePath kind() {
        return session != null ? InferencePath.SCRIPTED : fused != null ? InferencePath.FUSED
                : InferencePath.PARAMETERS;
    }

    /**
     * Logits of each row's last position, [B, vocab], for input ids [B, T]; extends {@code cache} when given.
     *
     * @param hostMask the 0/1 padding mask [B, past + T], row-major, or null when no row is padded
     */
    public NDArray lastLogits(NDArray ids, long[] hostMask, KvCache cache) {
        if (session != null) {
            try {
                return session.lastLogits(ids, hostMask, cache);
            } catch (RuntimeException e) {
                dropScript(e);
            }
        }
        NDArray hidden = fused != null ? fused.hiddenStates(ids, hostMask, cache)
                : model.hiddenStatesWithHostMask(ids, hostMask, cache);
        // One position per row: [B, 1, hidden] already is the last position.
        NDArray last = hidden.getShape().get(1) == 1 ? hidden : CausalLM.lastPosition(hidden);
        return fused != null ? fused.logits(last) : model.logits(last);
    }

    /** Log-probs of a right-padded batch's scored tokens, in {@link SequenceBatch#targets()} order. */
    public NDArray responseLogProbs(SequenceBatch batch, NDManager step) {
        if (session != null) {
            try {
                return ResponseLogProbs.fromLogits(
                        session.logits(ResponseLogProbs.inputIds(batch, step), null, null), batch);
            } catch (RuntimeException e) {
                dropScript(e);
            }
        }
        return ResponseLogProbs.perToken(model, batch, step);
    }

    private void dropScript(RuntimeException e) {
        session.close();
        session = null;
        owner.disableScript(e);
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
        if (fused != null) {
            fused.close();
        }
    }
}
