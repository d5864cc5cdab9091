package dev.codedpo.models.generate;

/** A request submitted to a {@link ContinuousBatcher}: a handle to cancel it. */
public final class BatchRequest {
    private final long[] prompt;
    private final SamplingParams params;
    private final RequestListener listener;
    private final TokenSampler sampler;
    private volatile boolean cancelled;

    BatchRequest(long[] prompt, SamplingParams params, RequestListener listener) {
        this.prompt = prompt.clone();
        this.params = params;
        this.listener = listener;
        this.sampler = new TokenSampler(params.generationConfig());
    }

    /** Stops generating for this request at the next step boundary: its rows leave the batch, no more events. */
    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public SamplingParams params() {
        return params;
    }

    long[] prompt() {
        return prompt;
    }

    RequestListener listener() {
        return listener;
    }

    TokenSampler sampler() {
        return sampler;
    }
}
