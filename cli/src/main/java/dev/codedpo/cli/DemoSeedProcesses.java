package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The demo's seeds side by side, each in its own JVM ({@code codedpo demo --only-seed S} with the same options), at
 * most {@code parallel} at a time. Their work is mostly one engine thread or one Python worker at a time, so a
 * second seed uses a core that would otherwise wait; separate JVMs keep the engines, sandbox pools and logs of the
 * seeds apart. Each child writes only its seed directory; the parent then reads what they made.
 */
final class DemoSeedProcesses {
    private DemoSeedProcesses() {}

    static void run(List<Long> seeds, int parallel, List<String> demoArgs) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<Integer>> exits = new ArrayList<>();
            for (long seed : seeds) {
                exits.add(pool.submit(() -> child(seed, demoArgs)));
            }
            for (int i = 0; i < seeds.size(); i++) {
                int code = exits.get(i).get();
                if (code == Main.EXIT_USAGE) {
                    throw new InputException("seed " + seeds.get(i) + " stopped on an input error (its message is "
                            + "above)");
                }
                if (code != Main.EXIT_OK) {
                    throw new IllegalStateException("seed " + seeds.get(i) + " failed (exit " + code + "; its "
                            + "messages are above)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the seeds ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot run a seed's process", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static int child(long seed, List<String> demoArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("demo");
        cmd.addAll(demoArgs);
        cmd.add("--only-seed");
        cmd.add(Long.toString(seed));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            // Line by line through this process's stderr: the seeds' lines interleave whole, and whoever reads this
            // process's output (a log file, a test) sees them.
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                    p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    System.err.println(line);
                }
            }
            return p.waitFor();
        } finally {
            // A parent stopped by an error elsewhere takes its children with it.
            p.destroy();
        }
    }
}
