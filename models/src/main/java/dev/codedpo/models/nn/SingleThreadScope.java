package dev.codedpo.models.nn;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs the engine with one intra-op thread while at least one scope is open, restoring the previous count when the
 * last one closes. The ops of a small model's decode step are far too small to split across threads, yet each one
 * pays the hand-off to the thread pool: on the 2-core benchmark machine a cached 0.9M step took 3.0 ms with two
 * threads and 2.2 ms with one (docs/PERFORMANCE-models.md). The count is process-wide in the engine, hence the
 * reference counting across overlapping generation calls.
 */
final class SingleThreadScope implements AutoCloseable {
    private static int open;
    private static int saved;

    private boolean closed;

    private SingleThreadScope() {}

    static SingleThreadScope enter() {
        synchronized (SingleThreadScope.class) {
            if (open++ == 0) {
                saved = JniUtils.getNumThreads();
                if (saved != 1) {
                    JniUtils.setNumThreads(1);
                }
            }
        }
        return new SingleThreadScope();
    }

    @Override
    public void close() {
        synchronized (SingleThreadScope.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (--open == 0 && saved != 1) {
                JniUtils.setNumThreads(saved);
            }
        }
    }
}
