package dev.codedpo.data.generate;

import java.util.List;

/** How to draw the samples of one request. */
public record SamplingParams(int n, int maxNewTokens, double temperature, double topP, long seed, List<String> stop) {
    public SamplingParams {
        stop = List.copyOf(stop);
    }
}
