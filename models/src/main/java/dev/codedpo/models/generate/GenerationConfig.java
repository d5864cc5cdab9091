package dev.codedpo.models.generate;

import java.util.List;

/**
 * How to generate.
 *
 * @param maxNewTokens most tokens generated per sample
 * @param temperature  0 for greedy decoding (argmax); otherwise logits are divided by it before sampling
 * @param topP         nucleus sampling: keep the smallest set of most likely tokens whose mass reaches topP (1 = off)
 * @param topK         keep only the k most likely tokens (0 = off)
 * @param n            samples per prompt
 * @param seed         sampling seed: sample j of prompt i always uses the same random stream, whatever the batching
 * @param stop         strings that end a sample; the text is cut before the first one
 * @param useCache     reuse keys/values across steps (false recomputes the whole prefix each step: for benchmarks)
 * @param batchSize    sequences decoded together
 */
public record GenerationConfig(int maxNewTokens, double temperature, double topP, int topK, int n, long seed,
                               List<String> stop, boolean useCache, int batchSize) {
    public GenerationConfig {
        stop = List.copyOf(stop);
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("max new tokens must be >= 0, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        for (String s : stop) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
        }
    }

    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, 0.0, 1.0, 0, 1, 0, List.of(), true, 8);
    }

    public GenerationConfig withSampling(double temperature, double topP, int topK) {
        return new GenerationConfig(maxNewTokens, temperature, topP, topK, n, seed, stop, useCache, batchSize);
    }

    public GenerationConfig withN(int samples, long newSeed) {
        return new GenerationConfig(maxNewTokens, temperature, topP, topK, samples, newSeed, stop, useCache, batchSize);
    }

    public GenerationConfig withStop(List<String> stops) {
        return new GenerationConfig(maxNewTokens, temperature, topP, topK, n, seed, stops, useCache, batchSize);
    }

    public GenerationConfig withCache(boolean cache) {
        return new GenerationConfig(maxNewTokens, temperature, topP, topK, n, seed, stop, cache, batchSize);
    }

    public GenerationConfig withBatchSize(int size) {
        return new GenerationConfig(maxNewTokens, temperature, topP, topK, n, seed, stop, useCache, size);
    }

    public boolean greedy() {
        return temperature == 0.0;
    }
}
