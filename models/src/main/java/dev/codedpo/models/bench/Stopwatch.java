package dev.codedpo.models.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Wall-clock and calling-thread CPU time since start. */
final class Stopwatch {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final long wall0;
    private final long cpu0;

    private Stopwatch() {
        wall0 = System.nanoTime();
        cpu0 = THREADS.getCurrentThreadCpuTime();
    }

    static Stopwatch start() {
        return new Stopwatch();
    }

    double wallSeconds() {
        return (System.nanoTime() - wall0) / 1e9;
    }

    double cpuSeconds() {
        return (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
    }
}
