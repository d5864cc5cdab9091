package dev.codedpo.eval.exec;

/**
 * Executes untrusted Python against tests. Implementations are thread-safe: callers may submit from many threads
 * and each call blocks until its result is ready.
 */
public interface CodeExecutor extends AutoCloseable {
    ExecutionResult execute(ExecutionRequest request);

    TimingResult time(TimingRequest request);

    SandboxReport sandbox();

    /**
     * What this executor's results depend on besides the request (harness, interpreter, default limits, sandbox), for
     * {@link ResultCache}; null when its results are not to be reused.
     */
    default String identity() {
        return null;
    }

    /** Number of requests that can run at once (the worker count). */
    int parallelism();

    @Override
    void close();
}
