package dev.codedpo.models.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.config.ModelConfigReader;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.EngineArrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model whose weights are defined by the integer formula of tools/parity/make_decode_fixture.py instead of a
 * weight file, so that a fixture of a 6M-parameter model stays a few KiB. Both sides compute the same float32 bits;
 * the per-tensor checksums of the fixture confirm it before any decoding is compared.
 */
final class FormulaWeights {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long INDEX_MULTIPLIER = 0xD1B54A32D192ED03L;
    private static final long MIX_MULTIPLIER = 0xD6E8FEB86659FD93L;

    private FormulaWeights() {}

    /** Value {@code element} (row-major) of tensor number {@code tensor}: Java's long arithmetic wraps mod 2^64. */
    static float value(long seed, long tensor, long element, int scaleLog2, double offset) {
        long x = seed + tensor * GOLDEN_GAMMA + (element + 1) * INDEX_MULTIPLIER;
        x ^= x >>> 32;
        x *= MIX_MULTIPLIER;
        x ^= x >>> 32;
        x *= MIX_MULTIPLIER;
        x ^= x >>> 32;
        long k = (x >>> 40) - (1L << 23);
        return (float) (offset + k * Math.scalb(1.0, scaleLog2 - 23));
    }

    /**
     * The model of a fixture's {@code config} and {@code weights} objects.
     *
     * @throws IllegalStateException when a tensor's float64 sum differs from the fixture's (the sums are exact, so
     *                               any difference means this formula and the script's disagree)
     */
    static CausalLM build(JsonNode golden, Device device) {
        ModelConfig config = ModelConfigReader.parse((ObjectNode) golden.get("config"));
        JsonNode weights = golden.get("weights");
        long seed = weights.get("seed").asLong();
        NDManager manager = NDManager.newBaseManager(device);
        Map<String, NDArray> params = new LinkedHashMap<>();
        JsonNode tensors = weights.get("tensors");
        for (int t = 0; t < tensors.size(); t++) {
            JsonNode spec = tensors.get(t);
            long[] shape = new long[spec.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = spec.get("shape").get(i).asLong();
            }
            float[] values = new float[Math.toIntExact(new Shape(shape).size())];
            int scaleLog2 = spec.get("scale_log2").asInt();
            double offset = spec.get("offset").asDouble();
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = value(seed, t, i, scaleLog2, offset);
                sum += values[i];
            }
            String name = spec.get("name").asText();
            if (sum != spec.get("checksum").asDouble()) {
                manager.close();
                throw new IllegalStateException("tensor " + t + " (" + name + "): sum of values " + sum
                        + ", the fixture says " + spec.get("checksum").asDouble());
            }
            params.put(name, EngineArrays.owned(manager, values, new Shape(shape)));
        }
        try {
            return new CausalLM(config, manager, params);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
