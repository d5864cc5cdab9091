package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.script.TorchScriptModule;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference forward pass of a {@link CausalLM} as one TorchScript call per step ({@link DecoderScript}),
 * compiled once per model from generated source. A decode step of a small model through DJL is a few hundred
 * engine calls whose fixed cost (JNI, array bookkeeping, dispatch) outweighs the arithmetic; in the TorchScript
 * interpreter the same ops cost less. A {@link Session} (one generation call) of a small model runs over stacked,
 * norm-folded copies of its weights (fewer ops per step) with one intra-op thread.
 *
 * <p>Each variant is checked once, before its first use, against the DJL parameter path ({@link ScriptProbe}): a
 * variant whose logits differ is not used, with one warning, so an unknown CPU or engine build can make generation
 * slower but never silently wrong. (A variant over oneDNN-reordered weights, whose layout depended on the CPU and on
 * a row-count hint, decoded batches wrongly on some AVX-512 CPUs and was removed.)
 *
 * <p>The plain variant reads the model's live parameters, so it always sees the current weights; stacked copies are
 * snapshots that live only for their session. Used only without gradient recording and with the plain projection
 * (no adapters); anything else takes the DJL path.
 */
public final class ScriptedDecoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptedDecoder.class);
    /**
     * Stacked copies pay off where a decode step is bound by the number of ops rather than by FLOPs: mean
     * projections under 512 KiB (the 0.9M benchmark shape's are 32-176 KiB, the 20M shape's 0.25-2.75 MiB).
     */
    private static final long STACKED_MAX_PROJECTION_BYTES = 512L << 10;

    private final CausalLM model;
    private final PtSymbolBlock module;
    private final IValue weights;
    private final NDManager manager;
    private final NDArray noMask;
    private PtSymbolBlock stackedModule;
    private boolean stackedTried;

    private ScriptedDecoder(CausalLM model, NDManager manager, PtSymbolBlock module, List<String> weightNames) {
        this.model = model;
        this.manager = manager;
        this.module = module;
        PtNDArray[] w = new PtNDArray[weightNames.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (PtNDArray) model.parameters().get(weightNames.get(i));
        }
        this.weights = IValue.listFrom(w);
        this.noMask = manager.create(new float[0]);
    }

    /**
     * Compiles the script for {@code model} and checks it against the DJL path; null when the engine is not
     * PyTorch, the script does not compile, or its logits differ (the caller then uses the DJL path).
     */
    public static ScriptedDecoder create(CausalLM model) {
        if (!"PyTorch".equals(model.manager().getEngine().getEngineName())) {
            return null;
        }
        DecoderScript script = new DecoderScript(model.config());
        NDManager m = model.manager().newSubManager();
        ScriptedDecoder decoder;
        try {
            PtSymbolBlock module = TorchScriptModule.load(m, script.source());
            decoder = new ScriptedDecoder(model, m, module, script.weightNames());
        } catch (RuntimeException e) {
            m.close();
            LOG.debug("TorchScript decoder did not load: {}", e.getMessage());
            return null;
        }
        if (!decoder.agreesWithDjl(Mode.PLAIN)) {
            decoder.close();
            return null;
        }
        return decoder;
    }


    /** How a session runs the script's forward pass. */
    enum Mode {
        /** The parameters as they are. */
        PLAIN,
        /** Stacked, norm-folded copies ({@link FusedWeights}): fewer ops per step, for small models. */
        STACKED
    }

    /**
     * Opens a session for one generation call. With {@code optimize}, a small model (projections under 512 KiB,
     * whose decode steps are bound by the number of ops) runs over stacked copies of its weights; otherwise, and
     * for larger models, over the parameters as they are.
     */
    public Session open(boolean optimize) {
        ModelConfig c = model.config();
        boolean small = meanProjectionBytes(c) < STACKED_MAX_PROJECTION_BYTES
                && FusedWeights.canCopy(c, FusedWeights.DEFAULT_BUDGET_BYTES);
        return open(optimize && small && stackedModule() != null ? Mode.STACKED : Mode.PLAIN);
    }

    Session open(Mode mode) {
        if (mode == Mode.STACKED && stackedModule() == null) {
            throw new IllegalStateException("the stacked variant did not compile or disagreed with the DJL path");
        }
        return new Session(mode);
    }

    /** The variant over stacked copies, compiled and checked on first use; null if either failed. */
    private synchronized PtSymbolBlock stackedModule() {
        if (!stackedTried) {
            stackedTried = true;
            try {
                stackedModule = TorchScriptModule.load(manager, new DecoderScript(model.config()).stackedSource());
            } catch (RuntimeException e) {
                LOG.debug("TorchScript decoder (stacked weights) did not load: {}", e.getMessage());
                return null;
            }
            if (!agreesWithDjl(Mode.STACKED)) {
                stackedModule = null;
            }
        }
        return stackedModule;
    }

    /** Compares {@code mode} with the DJL parameter path on a probe; warns and returns false on a mismatch. */
    private boolean agreesWithDjl(Mode mode) {
        String mismatch;
        try (Session session = new Session(mode)) {
            mismatch = ScriptProbe.compare(model, session::logits);
        } catch (RuntimeException e) {
            mismatch = e.toString();
        }
        if (mismatch != null) {
            LOG.warn("the TorchScript forward pass ({} weights) disagrees with the DJL path on this machine ({}); "
                    + "using the DJL path instead (same results, slower)", mode.name().toLowerCase(), mismatch);
            return false;
        }
        return true;
    }

    private static long meanProjectionBytes(ModelConfig c) {
        long d = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long perLayer = 2 * d * q + 2 * d * kv + 3 * d * c.intermediateSize();
        return 4 * perLayer / DecoderScript.PROJECTIONS.length;
    }

    /**
     * The script's forward pass during one generation call, with the weight copies its mode needs (stacked); close
     * it to free them.
     */
    public final class Session implements AutoCloseable {
        private final Mode mode;
        private final FusedWeights stacked;
        private final IValue stackedWeights;
        private final SingleThreadScope oneThread;

        private Session(Mode mode) {
            this.mode = mode;
            if (mode == Mode.STACKED) {
                stacked = FusedWeights.build(model);
                stackedWeights = IValue.listFrom(toPt(stacked.scriptWeights().toArray(new NDArray[0])));
                oneThread = "cpu".equals(model.device().getDeviceType()) ? SingleThreadScope.enter() : null;
            } else {
                stacked = null;
                stackedWeights = null;
                oneThread = null;
            }
        }

        /**
         * Logits of the last position of each row, [B, vocab], for input ids [B, T]; the same contract as
         * {@link CausalLM#hiddenStatesWithHostMask} followed by the output head on the last position.
         */
        public NDArray lastLogits(NDArray inputIds, long[] hostMask, KvCache cache) {
            return run(inputIds, hostMask, cache, true);
        }

        /** Logits of every position, [B, T, vocab]. */
        public NDArray logits(NDArray inputIds, long[] hostMask, KvCache cache) {
            return run(inputIds, hostMask, cache, false);
        }

        private NDArray run(NDArray inputIds, long[] hostMask, KvCache cache, boolean lastOnly) {
            AttentionInputs in = AttentionInputs.forCall(inputIds, hostMask, cache, model.config().slidingWindow());
            RotaryEmbedding rope = model.rope();
            rope.ensure(in.maxPosition + 1);
            NDArray[] tables = mode == Mode.STACKED ? stacked.stackedTables(in.maxPosition)
                    : new NDArray[] {rope.cosTable(), rope.sinTable()};
            NDArray[] buffers = cache == null ? new NDArray[0] : cache.reserve(in.tokens);
            // Values made for this call are closed after it; the weight lists belong to the session or decoder.
            List<IValue> made = new ArrayList<>();
            NDArray out;
            try {
                List<IValue> args = new ArrayList<>();
                args.add(made(made, IValue.from((PtNDArray) inputIds)));
                args.add(made(made, IValue.from((PtNDArray) in.positions)));
                args.add(made(made, IValue.from((PtNDArray) (in.mask == null ? noMask : in.mask))));
                args.add(mode == Mode.STACKED ? stackedWeights : weights);
                args.add(made(made, IValue.from((PtNDArray) tables[0])));
                args.add(made(made, IValue.from((PtNDArray) tables[1])));
                args.add(made(made, IValue.listFrom(toPt(buffers))));
                args.add(made(made, IValue.from((long) in.past)));
                args.add(made(made, IValue.from(lastOnly)));
                args.add(made(made, IValue.from((PtNDArray) rope.rotateHalf())));
                PtSymbolBlock target = mode == Mode.STACKED ? stackedModule : module;
                String method = mode == Mode.STACKED ? "run_stacked" : "run";
                try (IValue result = IValueUtils.runMethod(target, method, args.toArray(new IValue[0]))) {
                    out = result.toTensor((PtNDManager) inputIds.getManager());
                }
            } finally {
                made.forEach(IValue::close);
            }
            if (cache != null) {
                cache.advance(in.tokens);
            }
            return out;
        }

        private IValue made(List<IValue> made, IValue v) {
            made.add(v);
            return v;
        }

        @Override
        public void close() {
            if (stacked != null) {
                stackedWeights.close();
                stacked.close();
            }
            if (oneThread != null) {
                oneThread.close();
            }
        }
    }

    private static PtNDArray[] toPt(NDArray[] arrays) {
        PtNDArray[] out = new PtNDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = (PtNDArray) arrays[i];
        }
        return out;
    }

    @Override
    public void close() {
        weights.close();
        manager.close();
    }
}
