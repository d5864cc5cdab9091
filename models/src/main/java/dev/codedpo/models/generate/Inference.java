package dev.codedpo.models.generate;

import ai.djl.pytorch.jni.JniUtils;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.FusedWeights;
import dev.codedpo.models.nn.Linear;
import dev.codedpo.models.nn.ScriptedDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How inference runs one model's forward pass, decided here and nowhere else. On the {@link InferencePath#SCRIPTED}
 * path (the default) a call runs the compiled TorchScript decoder, where it is usable: PyTorch engine, plain
 * projections (no adapter hook), no gradient being recorded, and the script agreed with the DJL path on a probe.
 * Otherwise, and on the {@link InferencePath#FUSED} path, small models run DJL ops over fused copies of the weights;
 * everything else runs DJL ops over the parameters, exactly as training does. All three give the same logits to
 * float rounding.
 *
 * <p>Owns the compiled script of its model, built on first use (its native parts belong to the model's manager and
 * are freed with the model). Training code never goes through here: it calls {@link CausalLM#forward}.
 */
public final class Inference {
    private static final Logger LOG = LoggerFactory.getLogger(Inference.class);
    private final CausalLM model;
    private final InferencePath path;
    private ScriptedDecoder script;
    private boolean scriptTried;

    /** Inference on the {@linkplain InferencePath#configured() configured} path. */
    public Inference(CausalLM model) {
        this(model, InferencePath.configured());
    }

    public Inference(CausalLM model, InferencePath path) {
        this.model = model;
        this.path = path;
    }

    public CausalLM model() {
        return model;
    }

    public InferencePath path() {
        return path;
    }

    /**
     * Opens the forward pass of one generation call; close it after the call. Copies of the weights that it makes
     * live only as long as it, since the parameters may change between calls. A small model's script runs over
     * stacked copies of its weights, and without a script a small model runs over fused copies.
     */
    public ForwardPass forDecoding() {
        ForwardPass scripted = scripted(true);
        if (scripted != null) {
            return scripted;
        }
        if (plain() && path != InferencePath.PARAMETERS
                && FusedWeights.canCopy(model.config(), FusedWeights.DEFAULT_BUDGET_BYTES)) {
            return ForwardPass.fused(model, FusedWeights.build(model));
        }
        return ForwardPass.parameters(model);
    }

    /**
     * Opens the forward pass of scoring calls (full sequences, no cache): the script where usable, else the
     * parameters, whose path computes logits only at the scored positions.
     */
    public ForwardPass forScoring() {
        ForwardPass scripted = scripted(false);
        return scripted != null ? scripted : ForwardPass.parameters(model);
    }

    private ForwardPass scripted(boolean optimize) {
        ScriptedDecoder s = plain() && path == InferencePath.SCRIPTED ? script() : null;
        if (s == null) {
            return null;
        }
        try {
            return ForwardPass.scripted(this, s.open(optimize));
        } catch (RuntimeException e) {
            disableScript(e);
            return null;
        }
    }

    /** Plain projections (no adapter hook) and no gradient recording: what the fast paths compute. */
    private boolean plain() {
        return model.linear() == Linear.PLAIN && !JniUtils.isGradMode();
    }

    /**
     * The compiled script, built and checked on first use; null where the engine cannot run it, where it disagreed
     * with the DJL path, or after it failed at run time. Callers other than the open methods are tests.
     */
    public synchronized ScriptedDecoder script() {
        if (!scriptTried) {
            scriptTried = true;
            script = ScriptedDecoder.create(model);
        }
        return script;
    }

    /**
     * Stops using the script after it failed at run time (callers redo the step on the DJL path, which computes
     * the same thing); logged once, with the cause, so that the slowdown is explained.
     */
    synchronized void disableScript(RuntimeException cause) {
        if (script != null) {
            LOG.warn("the TorchScript forward pass failed ({}); continuing with DJL ops, which give the same results "
                    + "more slowly ({}=fused skips the script from the start)", cause.toString(), InferencePath.ENV);
            script.close();
            script = null;
        }
        scriptTried = true;
    }
}
