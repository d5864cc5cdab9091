package dev.codedpo.eval.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Which processes below this JVM run as given uids (read from /proc): leftovers of candidate code. A pool's own
 * candidate uids, so that other pools' candidates (in this JVM or elsewhere on the machine) never count.
 */
final class ProcessCensus {
    private ProcessCensus() {}

    static List<Long> descendantsOwnedBy(Collection<Integer> uids) {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .filter(pid -> uids.contains(realUid(pid)))
                .toList();
    }

    static long descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
    }

    private static int realUid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended while we looked
        }
        return -1;
    }
}
