package dev.codedpo.eval.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Which processes below this JVM run as a given uid (read from /proc): leftovers of candidate code. */
final class ProcessCensus {
    static final int NOBODY = 65534;

    private ProcessCensus() {}

    static List<Long> descendantsOwnedBy(int uid) {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .filter(pid -> realUid(pid) == uid)
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
