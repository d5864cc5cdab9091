package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.codedpo.models.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference copies of the weights with fewer engine calls per layer, and the forward pass that uses them: q/k/v
 * stacked into one projection and gate/up into another, each RMSNorm weight folded into the projection that follows
 * it, and the rotary embedding (with the attention scale folded into the q tables) applied to q, k and v in one go
 * (v gets cos 1 and sin 0). A decode step of a small model is bound by the number of engine calls, not by FLOPs;
 * this takes a layer from 52 calls to 37. Every projection weight and the output head are kept as contiguous
 * [in, out] copies multiplied as x W (not x W^T through the engine's linear): the engine's BLAS repacks the weight
 * on every call, and from the transposed-free layout it does so faster (decode steps are dominated by that repacking
 * and the multiply itself; see docs/PERFORMANCE-models.md).
 *
 * <p>The copies are taken when this is built and do not follow later changes of the parameters, so a handle is
 * meant to live for one generation call (opened and closed by the caller around it). Only inference with plain
 * projections may use it (the choice is made in {@code generate.Inference}). The results agree with the parameter
 * path to float rounding.
 */
public final class FusedWeights implements AutoCloseable {
    /** Above this many bytes of copies a model is large enough to be FLOP-bound, where fusing gains nothing. */
    public static final long DEFAULT_BUDGET_BYTES = 256L << 20;

    private final CausalLM model;
    private final NDManager manager;
    private final NDArray[] qkv;
    private final NDArray[] qkvBias;
    private final NDArray[] gateUp;
    private final NDArray[] out;
    private final NDArray[] down;
    private NDArray head;
    private NDArray cos;
    private NDArray sin;
    private int tableCapacity;

    private FusedWeights(CausalLM model, NDManager manager, int layers) {
        this.model = model;
        this.manager = manager;
        this.qkv = new NDArray[layers];
        this.qkvBias = new NDArray[layers];
        this.gateUp = new NDArray[layers];
        this.out = new NDArray[layers];
        this.down = new NDArray[layers];
    }

    /**
     * Whether {@code config}'s weights can be copied this way within {@code budgetBytes}: the stacked gate/up copy
     * carries no biases, so models with MLP biases (Llama's mlp_bias) are left to the parameter path.
     */
    public static boolean canCopy(ModelConfig config, long budgetBytes) {
        return !config.mlpBias() && copyBytes(config) <= budgetBytes;
    }

    /** Bytes the stacked copies of {@code config} take. */
    public static long copyBytes(ModelConfig c) {
        long qkvRows = (long) (c.numHeads() + 2 * c.numKvHeads()) * c.headDim();
        long oRows = (long) c.numHeads() * c.headDim();
        long perLayer = (qkvRows + 3L * c.intermediateSize() + oRows) * c.hiddenSize();
        return 4L * (perLayer * c.numLayers() + (long) c.vocabSize() * c.hiddenSize());
    }

    public static FusedWeights build(CausalLM model) {
        ModelConfig c = model.config();
        NDManager m = model.manager().newSubManager();
        FusedWeights f = new FusedWeights(model, m, c.numLayers());
        var p = model.parameters();
        for (int i = 0; i < c.numLayers(); i++) {
            String l = ParameterLayout.layer(i);
            f.qkv[i] = foldedStack(m, p.get(l + "input_layernorm.weight"), p.get(l + "self_attn.q_proj.weight"),
                    p.get(l + "self_attn.k_proj.weight"), p.get(l + "self_attn.v_proj.weight"));
            NDArray qb = p.get(l + "self_attn.q_proj.bias");
            if (qb != null) {
                f.qkvBias[i] = stack(m, qb, p.get(l + "self_attn.k_proj.bias"), p.get(l + "self_attn.v_proj.bias"));
            }
            f.gateUp[i] = foldedStack(m, p.get(l + "post_attention_layernorm.weight"), p.get(l + "mlp.gate_proj.weight"),
                    p.get(l + "mlp.up_proj.weight"));
            f.out[i] = transposed(m, p.get(l + "self_attn.o_proj.weight"));
            f.down[i] = transposed(m, p.get(l + "mlp.down_proj.weight"));
        }
        f.head = transposed(m, p.get(c.tieWordEmbeddings() ? ParameterLayout.EMBED : ParameterLayout.LM_HEAD));
        return f;
    }

    /**
     * Rows of the weights stacked, each column scaled by the norm weight: (x / rms * g) W^T = (x / rms) (W g)^T;
     * stored transposed, as [in, out].
     */
    private static NDArray foldedStack(NDManager m, NDArray norm, NDArray... weights) {
        try (NDArray stacked = stack(m, weights); NDArray folded = stacked.mul(norm)) {
            return transposed(m, folded);
        }
    }

    /**
     * A contiguous [in, out] copy of an [out, in] weight. x W^T through the engine's linear (a GEMM on the
     * transposed weight) ran at about half the speed of x times this copy for one row on the benchmark machine
     * (matrix-vector products), and 10-25% slower for eight rows; see docs/PERFORMANCE-models.md.
     */
    private static NDArray transposed(NDManager m, NDArray w) {
        Shape shape = w.getShape();
        // A transposed view cannot be flattened in place, so reshape copies it into row-major [in, out] order.
        try (NDArray view = w.transpose(); NDArray flat = view.reshape(-1)) {
            NDArray t = flat.reshape(shape.get(1), shape.get(0)).stopGradient();
            t.attach(m);
            return t;
        }
    }

    private static NDArray stack(NDManager m, NDArray... arrays) {
        NDArray s = NDArrays.concat(new NDList(arrays), 0).stopGradient();
        s.attach(m);
        return s;
    }

    /** Final normalised hidden states [B, T, hidden], as {@link CausalLM#hiddenStatesWithHostMask}. */
    public NDArray hiddenStates(NDArray inputIds, long[] hostMask, KvCache cache) {
        AttentionInputs in = AttentionInputs.forCall(inputIds, hostMask, cache, model.config().slidingWindow());
        int batch = in.batch;
        int t = in.tokens;
        int past = in.past;
        ModelConfig c = model.config();
        var p = model.parameters();
        int heads = c.numHeads();
        int kvHeads = c.numKvHeads();
        int d = c.headDim();
        int stacked = heads + 2 * kvHeads;
        int s = past + t;
        NDArray[] tables = tables(in.positions, in.maxPosition, batch, t, stacked, d);
        NDArray mask = in.mask;
        if (mask != null && t == 1) {
            // [B', 1, 1, 1, S] -> [B', 1, 1, S], which broadcasts onto scores [B, kvH, group, S] directly.
            mask = mask.reshape(mask.getShape().get(0), 1, 1, s);
        }
        NDArray rotate = model.rope().rotateHalf();
        NDArray x = inputIds.getNDArrayInternal()
                .embedding(inputIds, p.get(ParameterLayout.EMBED), SparseFormat.DENSE).singletonOrThrow();
        for (int i = 0; i < c.numLayers(); i++) {
            String l = ParameterLayout.layer(i);
            NDArray h = model.unitRms(x);
            NDArray qkvs = project(h, qkv[i], qkvBias[i]).reshape(batch, t, stacked, d);
            qkvs = qkvs.mul(tables[0]).add(qkvs.matMul(rotate).mul(tables[1]));
            NDList split = qkvs.transpose(0, 2, 1, 3).split(new long[] {heads}, 1);
            NDArray kv = split.get(1);
            if (cache != null) {
                kv = cache.appendKv(i, kv, inputIds.getManager());
            }
            NDList kvSplit = kv.split(2, 1);
            NDArray attn = attend(split.get(0), kvSplit.get(0), kvSplit.get(1), mask, batch, t, s, c);
            x = x.add(project(attn, out[i], p.get(l + "self_attn.o_proj.bias")));
            NDList gu = project(model.unitRms(x), gateUp[i], null).split(2, 2);
            NDArray gate = gu.get(0);
            NDArray act = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(gu.get(1));
            x = x.add(project(act, down[i], p.get(l + "mlp.down_proj.bias")));
        }
        if (cache != null) {
            cache.advance(t);
        }
        return model.finalNorm(x);
    }

    /** Grouped-query attention as in CausalLM, for q [B, H, T, D] (already scaled) and k, v [B, kvH, S, D]. */
    private static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, int b, int t, int s, ModelConfig c) {
        int heads = c.numHeads();
        int kvHeads = c.numKvHeads();
        int group = c.groupSize();
        int d = c.headDim();
        NDArray scores = q.reshape(b, kvHeads, (long) group * t, d).matMul(k.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores = t == 1 ? scores.add(mask)
                    : scores.reshape(b, kvHeads, group, t, s).add(mask).reshape(b, kvHeads, (long) group * t, s);
        }
        NDArray out = scores.softmax(-1).matMul(v);
        if (t == 1) {
            // [B, H, 1, D] and [B, 1, H, D] are the same memory: no transpose needed.
            return out.reshape(b, 1, (long) heads * d);
        }
        return out.reshape(b, heads, t, d).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * d);
    }

    /** Logits [..., vocab] from final hidden states, as {@link CausalLM#logits}. */
    public NDArray logits(NDArray hidden) {
        return hidden.matMul(head);
    }

    /** x [..., in] times a transposed weight [in, out], plus the bias if any. */
    private static NDArray project(NDArray x, NDArray weightT, NDArray bias) {
        NDArray y = x.matMul(weightT);
        return bias == null ? y : y.add(bias);
    }

    /**
     * The copies in the order {@link DecoderScript#stackedSource} takes them: per layer the stacked q/k/v weight
     * (and its bias), o (and bias), stacked gate/up, down (and bias); then the embedding, the final norm and the
     * head. Biases are included where the config has them.
     */
    List<NDArray> scriptWeights() {
        var p = model.parameters();
        List<NDArray> w = new ArrayList<>();
        for (int i = 0; i < qkv.length; i++) {
            String l = ParameterLayout.layer(i);
            w.add(qkv[i]);
            if (qkvBias[i] != null) {
                w.add(qkvBias[i]);
            }
            w.add(out[i]);
            addIfPresent(w, p.get(l + "self_attn.o_proj.bias"));
            w.add(gateUp[i]);
            w.add(down[i]);
            addIfPresent(w, p.get(l + "mlp.down_proj.bias"));
        }
        w.add(p.get(ParameterLayout.EMBED));
        w.add(p.get(ParameterLayout.FINAL_NORM));
        w.add(head);
        return w;
    }

    private static void addIfPresent(List<NDArray> list, NDArray a) {
        if (a != null) {
            list.add(a);
        }
    }

    /** The stacked rotary tables cos and sin [capacity, X D] covering positions up to {@code maxPosition}. */
    NDArray[] stackedTables(int maxPosition) {
        refreshTables(maxPosition);
        return new NDArray[] {cos, sin};
    }

    /** cos and sin [B, T, X, D] for the positions of this call. */
    private NDArray[] tables(NDArray positions, int maxPosition, int b, int t, int stacked, int d) {
        refreshTables(maxPosition);
        NDArray c = positions.getNDArrayInternal().embedding(positions, cos, SparseFormat.DENSE).singletonOrThrow();
        NDArray s = positions.getNDArrayInternal().embedding(positions, sin, SparseFormat.DENSE).singletonOrThrow();
        return new NDArray[] {c.reshape(b, t, stacked, d), s.reshape(b, t, stacked, d)};
    }

    private void refreshTables(int maxPosition) {
        RotaryEmbedding rope = model.rope();
        rope.ensure(maxPosition + 1);
        if (tableCapacity != rope.capacity()) {
            if (cos != null) {
                cos.close();
                sin.close();
            }
            NDArray[] cs = rope.stackedTables(manager, model.config().numHeads(), model.config().numKvHeads(),
                    model.attentionScale());
            cos = cs[0];
            sin = cs[1];
            tableCapacity = rope.capacity();
        }
    }

    /** Drops the copies; forward calls take the parameter path again. */
    @Override
    public void close() {
        manager.close();
    }
}
