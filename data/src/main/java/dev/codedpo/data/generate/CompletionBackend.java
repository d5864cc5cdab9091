package dev.codedpo.data.generate;

/** Draws samples from a model. Implementations say how many requests may run at once. */
public interface CompletionBackend extends AutoCloseable {
    Sampled sample(ModelRequest request, SamplingParams params);

    /** Tasks worth running at once (a local model decodes one batch at a time). */
    int parallelism();

    @Override
    default void close() {}
}
