package dev.codedpo.eval.exec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the strongest {@code unshare} prefix this machine allows for worker processes. A new pid namespace makes
 * cleanup total (killing the worker kills every candidate process in it), a mount namespace gives each worker a
 * private /tmp, a network namespace leaves only a downed loopback.
 *
 * @param prefix          command words placed before the interpreter (empty when nothing is available)
 * @param networkIsolated the prefix creates a network namespace
 * @param privateMounts   the prefix creates a mount namespace (the worker may mount tmpfs over /tmp)
 * @param note            what is unavailable, or empty
 */
record NamespaceLauncher(List<String> prefix, boolean networkIsolated, boolean privateMounts, String note) {
    private static final ConcurrentHashMap<Boolean, NamespaceLauncher> CACHE = new ConcurrentHashMap<>();

    static NamespaceLauncher probe(boolean isolateNetwork) {
        return CACHE.computeIfAbsent(isolateNetwork, NamespaceLauncher::probeUncached);
    }

    private static NamespaceLauncher probeUncached(boolean isolateNetwork) {
        List<String> full = new ArrayList<>(List.of("unshare"));
        if (isolateNetwork) {
            full.add("--net");
        }
        full.addAll(List.of("--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "--"));
        if (works(full)) {
            return new NamespaceLauncher(List.copyOf(full), isolateNetwork, true, "");
        }
        if (isolateNetwork) {
            List<String> netOnly = List.of("unshare", "--net", "--");
            if (works(netOnly)) {
                return new NamespaceLauncher(netOnly, true, false,
                        "mount/pid namespaces unavailable: shared /tmp, cleanup by process tree");
            }
            return new NamespaceLauncher(List.of(), false, false,
                    "network isolation unavailable (unshare --net failed: not root and no user namespaces?)");
        }
        return new NamespaceLauncher(List.of(), false, false, "network isolation disabled by configuration");
    }

    private static boolean works(List<String> prefix) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add("true");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
