package dev.codedpo.models.generate;

import java.util.List;

/**
 * How one request of a {@link ContinuousBatcher} is decoded.
 *
 * @param maxTokens   most tokens generated per sample (at least 1)
 * @param temperature 0 for greedy decoding; otherwise logits are divided by it before sampling
 * @param topP        nucleus sampling mass in (0, 1] (1 = off)
 * @param n           samples of the prompt, decoded as separate rows
 * @param seed        sample j draws from the random stream of (seed, j), whatever else is in the batch
 * @param stop        strings that end a sample; its text is cut before the first one
 * @param logprobs    alternatives reported per token besides the chosen one (0 = the chosen token's only), or -1
 *                    for no log-probabilities at all
 */
public record SamplingParams(int maxTokens, double temperature, double topP, int n, long seed, List<String> stop,
                             int logprobs) {
    public SamplingParams {
        stop = List.copyOf(stop);
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be >= 1, got " + maxTokens);
        }
        if (logprobs < -1) {
            throw new IllegalArgumentException("logprobs must be >= 0, got " + logprobs);
        }
        // The remaining checks are GenerationConfig's.
        generationConfig(temperature, topP, n, seed, stop, maxTokens);
    }

    public static SamplingParams greedy(int maxTokens) {
        return new SamplingParams(maxTokens, 0.0, 1.0, 1, 0, List.of(), -1);
    }

    /** The same request with other settings, for tests and benchmarks. */
    public SamplingParams withSampling(double newTemperature, double newTopP, int samples, long newSeed) {
        return new SamplingParams(maxTokens, newTemperature, newTopP, samples, newSeed, stop, logprobs);
    }

    public SamplingParams withStop(List<String> stops) {
        return new SamplingParams(maxTokens, temperature, topP, n, seed, stops, logprobs);
    }

    public SamplingParams withLogprobs(int top) {
        return new SamplingParams(maxTokens, temperature, topP, n, seed, stop, top);
    }

    /** The settings as the token sampler reads them. */
    GenerationConfig generationConfig() {
        return generationConfig(temperature, topP, n, seed, stop, maxTokens);
    }

    private static GenerationConfig generationConfig(double temperature, double topP, int n, long seed,
                                                     List<String> stop, int maxTokens) {
        return new GenerationConfig(maxTokens, temperature, topP, 0, n, seed, stop, true, 1);
    }
}
