package dev.codedpo.data.generate;

import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} request starts per second: each start takes the next free slot, slots 1/perSecond apart,
 * and waits for it. Clock and sleep are given, so that a test can count slots without waiting.
 */
public final class RequestPacer {
    /** Waits; the real one sleeps the thread. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    public static final Sleeper THREAD_SLEEP = nanos -> {
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextSlot = Long.MIN_VALUE;

    /** @param perSecond 0 for no limit */
    public RequestPacer(double perSecond, LongSupplier clock, Sleeper sleeper) {
        this.intervalNanos = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Blocks until this request may start. */
    public void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long slot;
        long now;
        synchronized (this) {
            now = clock.getAsLong();
            slot = nextSlot == Long.MIN_VALUE ? now : Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
        }
        if (slot > now) {
            sleeper.sleepNanos(slot - now);
        }
    }
}
