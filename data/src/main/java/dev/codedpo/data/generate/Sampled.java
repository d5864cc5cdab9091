package dev.codedpo.data.generate;

import java.util.List;

/** The samples of one request and the tokens they took (new tokens; as the backend counts them). */
public record Sampled(List<Completion> completions, long completionTokens) {
    public Sampled {
        completions = List.copyOf(completions);
    }
}
