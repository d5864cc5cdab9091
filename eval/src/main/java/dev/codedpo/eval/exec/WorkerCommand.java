package dev.codedpo.eval.exec;

import dev.codedpo.core.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line of a worker process: the namespace prefix, the interpreter, worker.py and its settings. */
record WorkerCommand(List<String> prefix, String python, boolean drop, boolean privateMounts) {
    WorkerCommand {
        prefix = List.copyOf(prefix);
    }

    /** The command for a worker whose candidates run as the lease's uid and gid (null: no uid of its own). */
    List<String> forLease(SandboxUidLease lease) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("drop", drop);
        settings.put("private_mounts", privateMounts);
        if (lease != null) {
            settings.put("uid", lease.uid());
            settings.put("gid", lease.uid());
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(python, "-S", "-s", "-c", HarnessSource.text(), Json.line(settings)));
        return command;
    }

    /** Whether this JVM runs as root: only then can workers switch to uids of their own. */
    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (Exception e) {
            return false;
        }
    }
}
