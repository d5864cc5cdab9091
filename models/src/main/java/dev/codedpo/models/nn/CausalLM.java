package dev.codedpo.models.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.jni.JniUtils;
import dev.codedpo.models.config.ModelConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoder-only transformer (Llama / Mistral / Qwen2) over plain NDArrays held in a map under their Hugging Face
 * names and [out, in] layout, so that checkpoints map 1:1 onto parameters.
 *
 * <p>All computation is float32. Every intermediate result is attached to the manager of the input ids, so a caller
 * that creates its inputs in a per-step sub-manager frees the step's memory by closing it (DJL-NOTES hazard 7).
 * No Java numbers enter differentiated code: constants are engine-owned scalars (hazard 1), so gradients flow
 * through {@link #forward} correctly for training.
 */
public final class CausalLM implements AutoCloseable {
    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> stored;
    private final RotaryEmbedding rope;
    private final NDArray attentionScale;
    private final NDArray normEps;
    private Linear linear = Linear.PLAIN;
    private LayerCheckpoints checkpoints;

    /**
     * Takes ownership of {@code manager} (closed with the model) and of the arrays, which must match
     * {@link ParameterLayout#shapes} exactly.
     */
    public CausalLM(ModelConfig config, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.manager = manager;
        Map<String, long[]> expected = ParameterLayout.shapes(config);
        Map<String, NDArray> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            NDArray a = parameters.get(e.getKey());
            if (a == null) {
                throw new IllegalArgumentException("missing parameter " + e.getKey());
            }
            if (!a.getShape().equals(new Shape(e.getValue()))) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has shape " + a.getShape()
                        + ", the config implies " + new Shape(e.getValue()));
            }
            // float64 is accepted for gradient checks against finite differences; everything else computes in fp32.
            if (a.getDataType() != DataType.FLOAT32 && a.getDataType() != DataType.FLOAT64) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " is " + a.getDataType()
                        + ", expected float32");
            }
            ordered.put(e.getKey(), a);
        }
        for (String name : parameters.keySet()) {
            if (!expected.containsKey(name)) {
                throw new IllegalArgumentException("unexpected parameter " + name + " for this config");
            }
        }
        this.stored = ordered;
        this.parameters = Collections.unmodifiableMap(ordered);
        this.rope = new RotaryEmbedding(manager, config);
        this.attentionScale = EngineArrays.scalar(manager, 1.0 / Math.sqrt(config.headDim()));
        this.normEps = EngineArrays.scalar(manager, config.rmsNormEps());
    }

    public ModelConfig config() {
        return config;
    }

    /** The parameters by Hugging Face name, in checkpoint order. The arrays are live: training updates them. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Installs how projections are applied (for adapters such as LoRA); {@link Linear#PLAIN} by default. */
    public void setLinear(Linear linear) {
        this.linear = linear;
    }

    /**
     * Turns activation checkpointing per decoder layer on ({@code null}: off) for recorded full forward passes; the
     * caller runs {@link LayerCheckpoints#backward} after each loss's backward pass.
     */
    public void setCheckpoints(LayerCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** The installed checkpoints, or null. */
    public LayerCheckpoints checkpoints() {
        return checkpoints;
    }

    /** How projections are applied: {@link Linear#PLAIN}, or an adapter's. */
    public Linear linear() {
        return linear;
    }

    RotaryEmbedding rope() {
        return rope;
    }

    NDArray attentionScale() {
        return attentionScale;
    }

    /** A KV cache for {@code batch} rows of up to {@code capacity} tokens (it grows if exceeded). */
    public KvCache newCache(NDManager parent, int batch, int capacity) {
        return new KvCache(parent, config.numLayers(), batch, config.numKvHeads(), config.headDim(), capacity);
    }

    /**
     * Logits [B, T, vocab] for input ids [B, T] (int64).
     *
     * @param attentionMask [B, past + T] of 0/1 (1 = real token), or null when no row is padded
     * @param cache         keys/values of earlier tokens, extended by this call; null for a full forward
     */
    public NDArray forward(NDArray inputIds, NDArray attentionMask, KvCache cache) {
        return logits(hiddenStates(inputIds, attentionMask, cache));
    }

    /** The final normalised hidden states [B, T, hidden] (before the output head). */
    public NDArray hiddenStates(NDArray inputIds, NDArray attentionMask, KvCache cache) {
        long[] mask = null;
        if (attentionMask != null) {
            Shape shape = inputIds.getShape();
            int past = cache == null ? 0 : cache.length();
            if (shape.dimension() == 2 && (attentionMask.getShape().get(0) != shape.get(0)
                    || attentionMask.getShape().get(1) != past + shape.get(1))) {
                throw new IllegalArgumentException("attention mask must be [" + shape.get(0) + ", "
                        + (past + shape.get(1)) + "], got " + attentionMask.getShape());
            }
            mask = attentionMask.toType(DataType.INT64, false).toLongArray();
        }
        return hiddenStatesWithHostMask(inputIds, mask, cache);
    }

    /**
     * As {@link #hiddenStates(NDArray, NDArray, KvCache)} with the 0/1 padding mask given as host data, row-major
     * [B, past + T] (null when no row is padded), so that a decode step does not copy it to the engine and back.
     */
    public NDArray hiddenStatesWithHostMask(NDArray inputIds, long[] attentionMask, KvCache cache) {
        AttentionInputs in = AttentionInputs.forCall(inputIds, attentionMask, cache, config.slidingWindow());
        NDManager step = inputIds.getManager();
        int t = in.tokens;
        NDList cs = rope.tables(in.positions, in.maxPosition);
        NDArray cos = cs.get(0);
        NDArray sin = cs.get(1);

        NDArray x = inputIds.getNDArrayInternal()
                .embedding(inputIds, parameters.get(ParameterLayout.EMBED), SparseFormat.DENSE).singletonOrThrow();
        if (HalfWeights.isHalf(x.getDataType())) {
            x = x.toType(DataType.FLOAT32, false);
        }
        if (checkpoints != null && cache == null && JniUtils.isGradMode()) {
            NDArray mask = in.mask;
            // Whether the embedding is trained is read from its (leaf) weight: DJL's hasGradient() on a computed
            // array reports whether a gradient is stored, not whether one is recorded.
            boolean trainedEmbedding = parameters.get(ParameterLayout.EMBED).hasGradient();
            x = checkpoints.forward(x, trainedEmbedding, config.numLayers(),
                    (i, h) -> layer(i, h, cos, sin, mask, null, step));
        } else {
            for (int i = 0; i < config.numLayers(); i++) {
                x = layer(i, x, cos, sin, in.mask, cache, step);
            }
        }
        if (cache != null) {
            cache.advance(t);
        }
        return rmsNorm(x, parameters.get(ParameterLayout.FINAL_NORM));
    }

    /** Logits [..., vocab] from hidden states [..., hidden]. */
    public NDArray logits(NDArray hidden) {
        NDArray head = parameters.get(config.tieWordEmbeddings() ? ParameterLayout.EMBED : ParameterLayout.LM_HEAD);
        return linear.apply("lm_head", hidden, head, null);
    }

    /** Hidden states of the last position of each row: [B, T, hidden] -> [B, hidden]. */
    public static NDArray lastPosition(NDArray hidden) {
        long t = hidden.getShape().get(1);
        return hidden.get(new NDIndex(":, {}, :", t - 1));
    }

    /** Decoder layer i: x + attention(norm(x)), then + mlp(norm(.)). */
    private NDArray layer(int i, NDArray x, NDArray cos, NDArray sin, NDArray mask, KvCache cache, NDManager step) {
        String p = ParameterLayout.layer(i);
        NDArray h = rmsNorm(x, parameters.get(p + "input_layernorm.weight"));
        x = x.add(attention(p, h, cos, sin, mask, cache, i, step));
        h = rmsNorm(x, parameters.get(p + "post_attention_layernorm.weight"));
        return x.add(mlp(p, h));
    }

    private NDArray attention(String p, NDArray h, NDArray cos, NDArray sin, NDArray mask, KvCache cache,
                              int layer, NDManager step) {
        long b = h.getShape().get(0);
        long t = h.getShape().get(1);
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int d = config.headDim();
        int group = config.groupSize();
        NDArray q = project(p + "self_attn.q_proj", h).reshape(b, t, heads, d).transpose(0, 2, 1, 3);
        NDArray k = project(p + "self_attn.k_proj", h).reshape(b, t, kvHeads, d).transpose(0, 2, 1, 3);
        NDArray v = project(p + "self_attn.v_proj", h).reshape(b, t, kvHeads, d).transpose(0, 2, 1, 3);
        q = rope.apply(q, cos, sin).mul(attentionScale);
        k = rope.apply(k, cos, sin);
        if (cache != null) {
            NDArray[] kv = cache.append(layer, k, v, step);
            k = kv[0];
            v = kv[1];
        }
        long s = k.getShape().get(2);
        // Grouped-query attention without copying K/V per query head: the `group` query heads that share one KV
        // head are stacked along the token axis, so one batched matmul per KV head covers them.
        NDArray scores = q.reshape(b, kvHeads, group * t, d).matMul(k.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores = scores.reshape(b, kvHeads, group, t, s).add(mask);
        }
        NDArray probs = scores.softmax(-1).reshape(b, kvHeads, group * t, s);
        NDArray out = probs.matMul(v).reshape(b, heads, t, d).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * d);
        return project(p + "self_attn.o_proj", out);
    }

    private NDArray mlp(String p, NDArray h) {
        NDArray gate = project(p + "mlp.gate_proj", h);
        NDArray up = project(p + "mlp.up_proj", h);
        NDArray act = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(up);
        return project(p + "mlp.down_proj", act);
    }

    private NDArray project(String name, NDArray x) {
        return linear.apply(name, x, parameters.get(name + ".weight"), parameters.get(name + ".bias"));
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        return unitRms(x).mul(weight);
    }

    /** x / sqrt(mean(x^2) + eps) over the last axis: RMSNorm before its weight. */
    NDArray unitRms(NDArray x) {
        NDArray rms = x.square().mean(new int[] {-1}, true).add(normEps).sqrt();
        return x.div(rms);
    }

    /** The final RMSNorm. */
    NDArray finalNorm(NDArray x) {
        return rmsNorm(x, parameters.get(ParameterLayout.FINAL_NORM));
    }

    /**
     * An independent copy of the weights, as {@code type} (float32; float64 for gradient checks), in a new manager
     * beside this model's: the frozen reference of preference training.
     */
    public CausalLM copy(DataType type) {
        NDManager m = manager.getParentManager().newSubManager();
        Map<String, NDArray> copies = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            // toType(same type, copy) may hand back the array itself: duplicate explicitly.
            NDArray c = v.getDataType() == type ? v.duplicate() : v.toType(type, false);
            c.attach(m);
            copies.put(k, c);
        });
        return new CausalLM(config, m, copies);
    }

    /**
     * Stores every weight matrix (embedding, projections, output head) as {@code half} (float16 or bfloat16), in
     * place, freeing the float32 arrays; norms and biases stay float32 and all computation stays float32
     * ({@link HalfWeights}). For a frozen base under LoRA: half-precision matrices cannot be trained here.
     */
    public void storeMatricesAs(DataType half) {
        if (!HalfWeights.isHalf(half)) {
            throw new IllegalArgumentException("matrices are stored as float16 or bfloat16, not " + half);
        }
        for (Map.Entry<String, NDArray> e : stored.entrySet()) {
            NDArray a = e.getValue();
            if (a.getShape().dimension() == 2 && a.getDataType() != half) {
                NDArray h = a.toType(half, false);
                h.attach(manager);
                e.setValue(h);
                a.close();
            }
        }
    }

    /** Parameters counted from the arrays (the embedding once when tied). */
    public long parameterCount() {
        long n = 0;
        for (NDArray a : parameters.values()) {
            n += a.size();
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
