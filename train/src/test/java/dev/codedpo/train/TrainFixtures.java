package dev.codedpo.train;

import ai.djl.Device;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.data.CompletionExample;
import dev.codedpo.train.data.LabeledExample;
import dev.codedpo.train.data.PreferenceExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Models and rows for trainer tests: the bundled tiny models of the models module, and seeded token rows. */
public final class TrainFixtures {
    public static final long BOS = 1;
    public static final long EOS = 2;

    private TrainFixtures() {}

    /** models/src/test/resources/NAME, found from the module's working directory. */
    public static Path modelDir(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("models/src/test/resources").toFile().isDirectory()) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root");
        }
        return p.resolve("models/src/test/resources").resolve(name);
    }

    /**
     * B of every adapter pair set to seeded values in +-0.05 (B starts at zero, which would make every gradient of A
     * zero and every adapter a no-op).
     */
    public static void randomB(dev.codedpo.models.lora.LoraAdapter adapter, SplittableRandom rng) {
        for (ai.djl.ndarray.NDArray b : adapter.b().values()) {
            double[] v = new double[Math.toIntExact(b.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.1 * (rng.nextDouble() - 0.5);
            }
            b.set(v);
        }
    }

    /**
     * stories260K in float64 with a rank-4 LoRA adapter installed (seed 11) whose B matrices are random (seed 3), so
     * that the adapter's gradients are not trivially zero; closes all three. {@code rng} continues from where
     * drawing B left it.
     */
    public record Float64Lora(CausalLM stored, CausalLM policy, dev.codedpo.models.lora.LoraAdapter adapter,
                              SplittableRandom rng) implements AutoCloseable {
        public static Float64Lora open() {
            CausalLM stored = load("stories260K");
            CausalLM policy = stored.copy(ai.djl.ndarray.types.DataType.FLOAT64);
            dev.codedpo.models.lora.LoraAdapter adapter = dev.codedpo.models.lora.LoraAdapter.initialize(policy,
                    new dev.codedpo.models.lora.LoraConfig(4, 8.0, 0.0, null), 11).installOn(policy);
            SplittableRandom rng = new SplittableRandom(3);
            randomB(adapter, rng);
            return new Float64Lora(stored, policy, adapter, rng);
        }

        @Override
        public void close() {
            adapter.close();
            policy.close();
            stored.close();
        }
    }

    public static CausalLM load(String name) {
        return HfCheckpoint.load(modelDir(name), Device.cpu());
    }

    static long[] tokens(SplittableRandom rng, int n, int vocab, boolean bos, boolean eos) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 3 + rng.nextInt(vocab - 3);
        }
        if (bos) {
            t[0] = BOS;
        }
        if (eos) {
            t[n - 1] = EOS;
        }
        return t;
    }

    public static List<PreferenceExample> pairs(int n, int vocab, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<PreferenceExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PreferenceExample(tokens(rng, 2 + rng.nextInt(6), vocab, true, false),
                    tokens(rng, 2 + rng.nextInt(5), vocab, false, true),
                    tokens(rng, 2 + rng.nextInt(5), vocab, false, true)));
        }
        return out;
    }

    public static List<LabeledExample> labeled(int n, int vocab, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<LabeledExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LabeledExample(tokens(rng, 2 + rng.nextInt(6), vocab, true, false),
                    tokens(rng, 2 + rng.nextInt(5), vocab, false, true), i % 3 != 1));
        }
        return out;
    }

    public static List<CompletionExample> completions(int n, int vocab, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<CompletionExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CompletionExample(tokens(rng, 2 + rng.nextInt(6), vocab, true, false),
                    tokens(rng, 2 + rng.nextInt(5), vocab, false, true)));
        }
        return out;
    }

    /** A config from the defaults with the given keys replaced (YAML names). */
    public static TrainConfig config(Map<String, Object> overrides) {
        return dev.codedpo.core.config.ConfigLoader.load(TrainConfig.defaults(), null, overrides, TrainConfig.class);
    }
}
