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
 * interpreter the same ops cost less. A {@link Session} (one generation call) adds what pays off by size: a small
 * model runs over stacked, norm-folded copies of its weights (fewer ops per step) with one intra-op thread; a
 * larger one has oneDNN reorder its projection weights for the decode batch size once, so that batched decoding
 * stops repacking every weight matrix on every step.
 *
 * <p>Outside those copies the script reads the model's live parameters, so it always sees the current weights;
 * copies are snapshots that live only for their session. Used only without gradient recording and with the plain
 * projection (no adapters); anything else takes the DJL path.
 */
public final class ScriptedDecoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptedDecoder.class);
    /** Decode products with more rows than this are compute-bound enough that reordering buys little. */
    private static final int MAX_PACKED_ROWS = 64;
    /**
     * With one row a product is a matrix-vector one that the BLAS runs without repacking, so reordering buys
     * nothing; from two rows on it repacks the weight on every call.
     */
    private static final int MIN_PACKED_ROWS = 2;
    /**
     * A reordered product costs a fixed ~50-80 microseconds of oneDNN set-up per call on the benchmark machine,
     * which pays off only when repacking the weight would cost more: projections of 512 KiB and up (the 20M
     * shape's are 0.25-2.75 MiB; the 0.9M shape's, 32-176 KiB, got slower with reordering).
     */
    private static final long MIN_PROJECTION_BYTES = 512L << 10;
    /** Reordered copies are made only for models up to this many bytes of float32 parameters. */
    public static final long PACK_BUDGET_BYTES = 2L << 30;

    private final CausalLM model;
    private final PtSymbolBlock module;
    private final boolean canPack;
    private final IValue weights;
    private final NDManager manager;
    private final NDArray noMask;
    private PtSymbolBlock stackedModule;
    private boolean stackedTried;

    private ScriptedDecoder(CausalLM model, NDManager manager, PtSymbolBlock module, boolean canPack,
                            List<String> weightNames) {
        this.model = model;
        this.manager = manager;
        this.module = module;
        this.canPack = canPack;
        PtNDArray[] w = new PtNDArray[weightNames.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (PtNDArray) model.parameters().get(weightNames.get(i));
        }
        this.weights = IValue.listFrom(w);
        this.noMask = manager.create(new float[0]);
    }

    /**
     * Compiles the script for {@code model}; null when the engine is not PyTorch or the script does not compile
     * (the caller then uses the DJL path). Reordered weights are used where the engine has oneDNN (CPU builds).
     */
    static ScriptedDecoder create(CausalLM model) {
        if (!"PyTorch".equals(model.manager().getEngine().getEngineName())) {
            return null;
        }
        DecoderScript script = new DecoderScript(model.config());
        boolean cpu = "cpu".equals(model.device().getDeviceType());
        for (boolean pack : cpu ? new boolean[] {true, false} : new boolean[] {false}) {
            NDManager m = model.manager().newSubManager();
            try {
                PtSymbolBlock module = TorchScriptModule.load(m, script.source(pack));
                return new ScriptedDecoder(model, m, module, pack, script.weightNames());
            } catch (RuntimeException e) {
                m.close();
                LOG.debug("TorchScript decoder (reordered weights {}) did not load: {}", pack, e.getMessage());
            }
        }
        return null;
    }

    /** Whether weights can be reordered for small products (oneDNN on CPU). */
    public boolean canPack() {
        return canPack;
    }

    /** True when a forward call can go through the script: plain projections and no gradient being recorded. */
    boolean usable(Linear linear) {
        return linear == Linear.PLAIN && !JniUtils.isGradMode();
    }

    /** How a session runs the script's forward pass. */
    enum Mode {
        /** The parameters as they are. */
        PLAIN,
        /** The parameters, with weights reordered by oneDNN for decode steps of at least two rows. */
        REORDERED,
        /** As REORDERED but for every decode step, one row included (to test that path on small models). */
        ALWAYS_REORDERED,
        /** Stacked, norm-folded copies ({@link FusedWeights}): fewer ops per step, for small models. */
        STACKED
    }

    /**
     * Opens a session for one generation call. With {@code optimize}, a small model (projections under 512 KiB,
     * whose decode steps are bound by the number of ops) runs over stacked copies of its weights, and a larger one
     * has its weights reordered for batched decode steps (copies within {@link #PACK_BUDGET_BYTES}); without it,
     * the script runs over the parameters as they are.
     */
    public Session open(boolean optimize) {
        if (!optimize) {
            return open(Mode.PLAIN);
        }
        ModelConfig c = model.config();
        if (meanProjectionBytes(c) < MIN_PROJECTION_BYTES) {
            boolean stackable = FusedWeights.canCopy(c, FusedWeights.DEFAULT_BUDGET_BYTES);
            return open(stackable && stackedModule() != null ? Mode.STACKED : Mode.PLAIN);
        }
        return open(canPack && 4L * model.parameterCount() <= PACK_BUDGET_BYTES ? Mode.REORDERED : Mode.PLAIN);
    }

    Session open(Mode mode) {
        if ((mode == Mode.REORDERED || mode == Mode.ALWAYS_REORDERED) && !canPack) {
            throw new IllegalStateException("this engine build cannot reorder weights");
        }
        if (mode == Mode.STACKED && stackedModule() == null) {
            throw new IllegalStateException("the stacked variant did not compile");
        }
        return new Session(mode);
    }

    /** The variant over stacked copies, compiled on first use; null if it does not compile. */
    private synchronized PtSymbolBlock stackedModule() {
        if (!stackedTried) {
            stackedTried = true;
            try {
                stackedModule = TorchScriptModule.load(manager, new DecoderScript(model.config()).stackedSource());
            } catch (RuntimeException e) {
                LOG.debug("TorchScript decoder (stacked weights) did not load: {}", e.getMessage());
            }
        }
        return stackedModule;
    }

    private static long meanProjectionBytes(ModelConfig c) {
        long d = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long perLayer = 2 * d * q + 2 * d * kv + 3 * d * c.intermediateSize();
        return 4 * perLayer / DecoderScript.PROJECTIONS.length;
    }

    /**
     * The script's forward pass during one generation call, with the weight copies its mode needs (reordered for
     * one product row count, the decode batch size, or stacked); close it to free them. Reordered weights are kept
     * for one row count at a time: a different one (a last, smaller batch) replaces them.
     */
    public final class Session implements AutoCloseable {
        private final Mode mode;
        private final IValue noPacks = IValue.listFrom(new PtNDArray[0]);
        private final FusedWeights stacked;
        private final IValue stackedWeights;
        private final SingleThreadScope oneThread;
        private IValue packed;
        private int packedRows;
        private boolean failed;

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

        /** Marks the session as failed at run time: its caller continues on the DJL path. */
        public void markFailed() {
            failed = true;
        }

        public boolean failed() {
            return failed;
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
                if (mode == Mode.STACKED) {
                    args.add(stackedWeights);
                } else {
                    int rows = in.batch * in.tokens;
                    int minRows = mode == Mode.ALWAYS_REORDERED ? 1 : MIN_PACKED_ROWS;
                    boolean usePack = mode != Mode.PLAIN && in.tokens == 1 && rows >= minRows
                            && rows <= MAX_PACKED_ROWS;
                    args.add(weights);
                    args.add(usePack ? reorderedFor(rows) : noPacks);
                    args.add(made(made, IValue.from(usePack ? (long) rows : 0L)));
                }
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

        private IValue reorderedFor(int rows) {
            if (packed == null || packedRows != rows) {
                if (packed != null) {
                    packed.close();
                }
                try (IValue m = IValue.from((long) rows)) {
                    packed = IValueUtils.runMethod(module, "pack", weights, m);
                }
                packedRows = rows;
            }
            return packed;
        }

        @Override
        public void close() {
            if (packed != null) {
                packed.close();
                packed = null;
            }
            if (stacked != null) {
                stackedWeights.close();
                stacked.close();
            }
            if (oneThread != null) {
                oneThread.close();
            }
            noPacks.close();
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
