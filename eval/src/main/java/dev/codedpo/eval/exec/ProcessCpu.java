package dev.codedpo.eval.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of process trees read from /proc, so that benchmarks can quote CPU per check next to wall-clock rates:
 * on a shared machine the former does not depend on what else is running.
 */
public final class ProcessCpu {
    /** USER_HZ: fixed at 100 by the Linux ABI for /proc/[pid]/stat, whatever the kernel's internal HZ. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {}

    /**
     * User + system time of {@code pid} and its live descendants, each including its children already reaped.
     * Differences of this value over an interval are exact as long as no process of the tree exits in between.
     */
    public static double treeSeconds(long pid) {
        return ProcessHandle.of(pid)
                .map(h -> Stream.concat(Stream.of(h), h.descendants()).mapToDouble(p -> ownAndReaped(p.pid())).sum())
                .orElse(0.0);
    }

    /** This JVM's reaped children (user + system): what finished subprocesses cost. */
    public static double reapedChildrenOfSelf() {
        long[] f = fields(ProcessHandle.current().pid());
        return f == null ? 0.0 : (f[2] + f[3]) / TICKS_PER_SECOND;
    }

    private static double ownAndReaped(long pid) {
        long[] f = fields(pid);
        return f == null ? 0.0 : (f[0] + f[1] + f[2] + f[3]) / TICKS_PER_SECOND;
    }

    /** utime, stime, cutime, cstime (fields 14-17 of /proc/[pid]/stat), or null when the process is gone. */
    private static long[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // rest[0] is field 3 (state), so field k is rest[k - 3].
            return new long[] {Long.parseLong(rest[11]), Long.parseLong(rest[12]), Long.parseLong(rest[13]),
                Long.parseLong(rest[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
