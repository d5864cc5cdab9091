package dev.codedpo.core.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a job's work items (one per task) on a fixed pool of daemon threads, with at most two items per thread
 * queued so that a long input is not read ahead into memory, and stops at the first failure: later items are not
 * started, and {@link #finish()} rethrows it.
 */
public final class TaskWindow implements AutoCloseable {
    private final ExecutorService pool;
    private final Semaphore window;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    public TaskWindow(int threads, String threadName) {
        int n = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(n, r -> {
            Thread th = new Thread(r, threadName);
            th.setDaemon(true);
            return th;
        });
        this.window = new Semaphore(2 * n);
    }

    /** True once an item has failed: callers stop submitting. */
    public boolean failed() {
        return failure.get() != null;
    }

    /** Runs {@code work} on the pool, waiting while the window is full; nothing runs after a failure. */
    public void submit(Runnable work) {
        window.acquireUninterruptibly();
        pool.execute(() -> {
            try {
                if (failure.get() == null) {
                    work.run();
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                window.release();
            }
        });
    }

    /** Waits for every submitted item, then rethrows the first failure, if any. */
    public void finish() {
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // keep waiting: items are bounded by their own time limits
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the job's tasks", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
