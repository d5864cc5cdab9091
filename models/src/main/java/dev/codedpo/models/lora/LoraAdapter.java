package dev.codedpo.models.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.EngineArrays;
import dev.codedpo.models.nn.Linear;
import dev.codedpo.models.nn.ParameterLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Low-rank adapters over a base model's projections: y = x W^T + b + scale * (dropout(x) A^T) B^T for every targeted
 * projection, A [rank, in] and B [out, rank]. Installed as the model's {@link Linear}, so the base weights are shared,
 * never copied: switching the adapters off ({@link #withoutAdapters}) gives the base model exactly, which is what
 * preference training uses as its reference. Dropout acts only while gradients are recorded (training), with masks
 * drawn in Java from the seed and the step number, so that a resumed run draws the same masks.
 */
public final class LoraAdapter implements Linear, AutoCloseable {
    private final LoraConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> a;
    private final Map<String, NDArray> b;
    private final NDArray scale;
    private final long dropoutSeed;
    private SplittableRandom dropoutRng;
    private boolean enabled = true;

    private LoraAdapter(LoraConfig config, NDManager manager, Map<String, NDArray> a, Map<String, NDArray> b,
                        DataType type, long dropoutSeed) {
        this.config = config;
        this.manager = manager;
        this.a = a;
        this.b = b;
        // Engine-owned (DJL-NOTES hazard 1), made in double precision for float64 gradient checks.
        try (NDArray view = manager.create(new double[] {config.scale()}, new Shape())) {
            this.scale = type == DataType.FLOAT64 ? view.duplicate() : view.toType(type, true);
        }
        this.dropoutSeed = dropoutSeed;
        this.dropoutRng = new SplittableRandom(dropoutSeed);
    }

    /**
     * A fresh adapter for {@code model} (in the type of its weights): A uniform in (-1/sqrt(in), 1/sqrt(in)), which is
     * PEFT's kaiming_uniform_(a = sqrt(5)), drawn in Java from {@code seed} layer by layer in target order; B = 0, so
     * the adapted model starts equal to the base.
     */
    public static LoraAdapter initialize(CausalLM model, LoraConfig config, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DataType type = computeType(model);
        NDManager m = model.manager().newSubManager();
        Map<String, NDArray> as = new LinkedHashMap<>();
        Map<String, NDArray> bs = new LinkedHashMap<>();
        for (String module : modules(model, config)) {
            Shape w = model.parameters().get(module + ".weight").getShape();
            long out = w.get(0);
            int in = Math.toIntExact(w.get(1));
            float[] values = new float[config.rank() * in];
            double bound = 1 / Math.sqrt(in);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            }
            NDArray f32 = EngineArrays.owned(m, values, new Shape(config.rank(), in));
            as.put(module, type == DataType.FLOAT32 ? f32 : f32.toType(type, false));
            bs.put(module, m.zeros(new Shape(out, config.rank()), type));
        }
        return new LoraAdapter(config, m, as, bs, type, seed);
    }

    /**
     * An adapter from given tensors by module name ({@code model.layers.0.self_attn.q_proj}): {@code a} [rank, in]
     * and {@code b} [out, rank] for exactly the modules the config targets. The arrays are adopted into the adapter's
     * manager (closed with it).
     */
    public static LoraAdapter of(CausalLM model, LoraConfig config, Map<String, NDArray> a, Map<String, NDArray> b,
                                 long dropoutSeed) {
        DataType type = computeType(model);
        NDManager m = model.manager().newSubManager();
        Map<String, NDArray> as = new LinkedHashMap<>();
        Map<String, NDArray> bs = new LinkedHashMap<>();
        try {
            for (String module : modules(model, config)) {
                Shape w = model.parameters().get(module + ".weight").getShape();
                as.put(module, adopt(a.get(module), module + ".lora_A", new Shape(config.rank(), w.get(1)), type, m));
                bs.put(module, adopt(b.get(module), module + ".lora_B", new Shape(w.get(0), config.rank()), type, m));
            }
            for (String module : java.util.stream.Stream.concat(a.keySet().stream(), b.keySet().stream()).toList()) {
                if (!as.containsKey(module)) {
                    throw new IllegalArgumentException("adapter tensor for " + module
                            + " is not among the targeted projections " + config.targetModules());
                }
            }
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return new LoraAdapter(config, m, as, bs, type, dropoutSeed);
    }

    /** Adapters are float32 (float64 for gradient checks), also over a base stored in half precision. */
    private static DataType computeType(CausalLM model) {
        return model.parameters().get(ParameterLayout.EMBED).getDataType() == DataType.FLOAT64
                ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    private static NDArray adopt(NDArray x, String name, Shape expected, DataType type, NDManager m) {
        if (x == null) {
            throw new IllegalArgumentException("missing adapter tensor " + name + " " + expected);
        }
        if (!x.getShape().equals(expected)) {
            throw new IllegalArgumentException("adapter tensor " + name + " has shape " + x.getShape()
                    + ", the model and rank imply " + expected);
        }
        NDArray c = x.getDataType() == type ? x.duplicate() : x.toType(type, false);
        c.attach(m);
        return c;
    }

    /** The adapted projections of {@code model}, layer by layer, in the config's canonical target order. */
    static java.util.List<String> modules(CausalLM model, LoraConfig config) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < model.config().numLayers(); i++) {
            for (String t : config.targetModules()) {
                out.add(moduleName(i, t));
            }
        }
        return out;
    }

    static String moduleName(int layer, String target) {
        String block = target.endsWith("_proj") && (target.startsWith("gate") || target.startsWith("up")
                || target.startsWith("down")) ? "mlp." : "self_attn.";
        return ParameterLayout.layer(layer) + block + target;
    }

    /** Makes {@code model} compute through these adapters. */
    public LoraAdapter installOn(CausalLM model) {
        model.setLinear(this);
        return this;
    }

    public LoraConfig config() {
        return config;
    }

    /** A [rank, in] by module name. The arrays are live: training updates them. */
    public Map<String, NDArray> a() {
        return Collections.unmodifiableMap(a);
    }

    /** B [out, rank] by module name. */
    public Map<String, NDArray> b() {
        return Collections.unmodifiableMap(b);
    }

    /** The trainable tensors under their PEFT names (A then B per module), for the optimizer and checkpoints. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String module : a.keySet()) {
            out.put(PeftNames.loraA(module), a.get(module));
            out.put(PeftNames.loraB(module), b.get(module));
        }
        return out;
    }

    /** Dropout masks of training step {@code step} come from (seed, step) alone, so a resumed run redraws them. */
    public void startStep(long step) {
        // Seeds a golden-ratio stride apart: streams of different steps do not overlap in any practical length.
        dropoutRng = new SplittableRandom(dropoutSeed * 0x9E3779B97F4A7C15L + step);
    }

    /** Runs {@code body} on the base model alone (the adapters contribute nothing), then switches them back. */
    public <T> T withoutAdapters(Supplier<T> body) {
        boolean was = enabled;
        enabled = false;
        try {
            return body.get();
        } finally {
            enabled = was;
        }
    }

    @Override
    public NDArray apply(String name, NDArray input, NDArray weight, NDArray bias) {
        NDArray base = Linear.PLAIN.apply(name, input, weight, bias);
        NDArray down = enabled ? a.get(name) : null;
        if (down == null) {
            return base;
        }
        NDArray x = dropout(input);
        NDArray low = x.getNDArrayInternal().linear(x, down, null).singletonOrThrow();
        NDArray up = low.getNDArrayInternal().linear(low, b.get(name), null).singletonOrThrow();
        return base.add(up.mul(scale));
    }

    /** Inverted dropout with an engine-owned mask of 0 and 1/(1-p) (no Java number enters autograd). */
    private NDArray dropout(NDArray x) {
        double p = config.dropout();
        if (p == 0 || !JniUtils.isGradMode()) {
            return x;
        }
        float keep = (float) (1 / (1 - p));
        float[] mask = new float[Math.toIntExact(x.size())];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = dropoutRng.nextDouble() < p ? 0f : keep;
        }
        NDArray m = EngineArrays.owned(x.getManager(), mask, x.getShape());
        return x.mul(m.getDataType() == x.getDataType() ? m : m.toType(x.getDataType(), false));
    }

    @Override
    public void close() {
        manager.close();
    }
}
