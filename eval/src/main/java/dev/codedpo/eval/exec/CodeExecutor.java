package dev.codedpo.eval.exec;

/**
 * Executes untrusted Python against tests. Implementations are thread-safe: callers may submit from many threads
 * and each call blocks until its result is ready.
 */
public interface CodeExecutor extends AutoCloseable {
    ExecutionResult execute(ExecutionRequest request);

    TimingResult time(TimingRequest request);

    SandboxReport sandbox();

    /** Number of requests that can run at once (the worker count). */
    int parallelism();

    @Override
    void close();
}
