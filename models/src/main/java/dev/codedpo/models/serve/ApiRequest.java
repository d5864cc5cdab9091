package dev.codedpo.models.serve;

import dev.codedpo.models.generate.SamplingParams;
import java.util.List;

/**
 * A completion or chat request, read and checked.
 *
 * @param chat         /v1/chat/completions (else /v1/completions)
 * @param prompts      the token ids of each prompt (a chat request has one)
 * @param params       how each prompt is decoded; n samples per prompt
 * @param stream       answer with Server-Sent Events
 * @param includeUsage a final stream chunk with the usage (stream_options.include_usage)
 */
record ApiRequest(boolean chat, List<long[]> prompts, SamplingParams params, boolean stream, boolean includeUsage) {
    ApiRequest {
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one prompt");
        }
    }

    boolean logprobs() {
        return params.logprobs() >= 0;
    }
}
