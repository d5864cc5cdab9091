package dev.codedpo.models.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.config.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A freshly initialised model (normal(0, 0.02) projections and embeddings, unit norms, zero biases), generated in Java
 * from a seed so it is identical on every machine and engine. For benchmarks and tests.
 */
public final class RandomInit {
    private RandomInit() {}

    public static CausalLM create(ModelConfig config, Device device, long seed) {
        NDManager manager = NDManager.newBaseManager(device);
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : ParameterLayout.shapes(config).entrySet()) {
            long[] shape = e.getValue();
            long count = new Shape(shape).size();
            float[] values = new float[Math.toIntExact(count)];
            String name = e.getKey();
            if (name.endsWith("norm.weight")) {
                java.util.Arrays.fill(values, 1f);
            } else if (!name.endsWith(".bias")) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (gaussian(rng) * 0.02);
                }
            }
            params.put(name, EngineArrays.owned(manager, values, new Shape(shape)));
        }
        return new CausalLM(config, manager, params);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17.
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
