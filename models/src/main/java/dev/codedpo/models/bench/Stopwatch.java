package dev.codedpo.models.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Wall-clock and calling-thread CPU time since start. */
public final class Stopwatch {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final long wall0;
    private final long cpu0;

    private Stopwatch() {
        wall0 = System.nanoTime();
        cpu0 = THREADS.getCurrentThreadCpuTime();
    }

    public static Stopwatch start() {
        return new Stopwatch();
    }

    public double wallSeconds() {
        return (System.nanoTime() - wall0) / 1e9;
    }

    public double cpuSeconds() {
        return (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
    }
}
