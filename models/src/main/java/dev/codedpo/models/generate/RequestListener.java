package dev.codedpo.models.generate;

/**
 * Receives what a {@link ContinuousBatcher} generates for one request, on the decode thread: implementations hand it
 * on (e.g. to a queue) and return at once, since every request in the batch waits for them.
 */
public interface RequestListener {
    /** The next token of sample {@code sample} (0 to n - 1). */
    void token(int sample, GeneratedToken token);

    /** Sample {@code sample} ended: "stop" (end-of-sequence token or stop string) or "length" (max tokens). */
    void finished(int sample, String finishReason);

    /** The request cannot go on (the engine failed); no further calls follow. */
    void failed(RuntimeException error);
}
