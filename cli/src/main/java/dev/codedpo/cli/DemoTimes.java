package dev.codedpo.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageContext;
import dev.codedpo.eval.exec.PythonWorkerPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall seconds of each piece of the demo's work ("seed-0/kto/train" -> seconds) in OUT/timings.json, and the sandbox
 * processes it started in OUT/sandbox.json, so that a resumed demo still knows what the work it skips cost. A piece's
 * kind is its last path part (world, pretrain, generate, train, ...): the report shows each kind's share of the
 * total. Pieces run one at a time in a process (a seed per process), so the JVM-wide process count's growth over a
 * piece is that piece's.
 */
final class DemoTimes {
    static final String FILE = "timings.json";
    static final String SANDBOX_FILE = "sandbox.json";

    private final Path file;
    private final Path sandboxFile;
    private final Map<String, Double> seconds;
    private final Map<String, Double> processes;

    private DemoTimes(Path file, Path sandboxFile) {
        this.file = file;
        this.sandboxFile = sandboxFile;
        this.seconds = read(file);
        this.processes = read(sandboxFile);
    }

    static DemoTimes open(Path outDir) {
        return new DemoTimes(outDir.resolve(FILE), outDir.resolve(SANDBOX_FILE));
    }

    private static Map<String, Double> read(Path f) {
        if (!Files.isRegularFile(f)) {
            return new LinkedHashMap<>();
        }
        try {
            return new LinkedHashMap<>(Json.MAPPER.readValue(Files.readString(f),
                    new TypeReference<Map<String, Double>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    synchronized void record(String key, double wallSeconds, long sandboxProcesses) {
        seconds.put(key, wallSeconds);
        AtomicFiles.writeString(file, Json.pretty(seconds));
        if (sandboxProcesses > 0) {
            processes.put(key, (double) sandboxProcesses);
            AtomicFiles.writeString(sandboxFile, Json.pretty(processes));
        }
    }

    /** Times a piece of work and records it when it completes (a failed piece records nothing). */
    void time(String key, Runnable work) {
        long t0 = System.nanoTime();
        long p0 = PythonWorkerPool.processesStarted();
        work.run();
        record(key, (System.nanoTime() - t0) / 1e9, PythonWorkerPool.processesStarted() - p0);
    }

    /** Seconds per kind (the key's last part), in order of first appearance, over every recorded piece. */
    synchronized Map<String, Double> byKind(List<String> order) {
        return sumByKind(seconds, order);
    }

    /** Sandbox processes per kind, as {@link #byKind}; kinds that started none are left out. */
    synchronized Map<String, Double> processesByKind(List<String> order) {
        Map<String, Double> out = sumByKind(processes, order);
        out.values().removeIf(v -> v == 0);
        return out;
    }

    private static Map<String, Double> sumByKind(Map<String, Double> values, List<String> order) {
        Map<String, Double> out = new LinkedHashMap<>();
        order.forEach(k -> out.put(k, 0.0));
        values.forEach((k, v) -> out.merge(k.substring(k.lastIndexOf('/') + 1), v, Double::sum));
        return out;
    }

    synchronized Map<String, Double> all() {
        return new TreeMap<>(seconds);
    }

    /** A stage that records its run's wall time under {@code prefix/name}; skipped stages record nothing. */
    Stage timed(String prefix, Stage s) {
        return new Stage() {
            @Override
            public String name() {
                return s.name();
            }

            @Override
            public Object settings() {
                return s.settings();
            }

            @Override
            public List<String> upstream() {
                return s.upstream();
            }

            @Override
            public void run(Path dir, boolean resume, StageContext context) {
                time(prefix + "/" + s.name(), () -> s.run(dir, resume, context));
            }

            @Override
            public List<String> resultFiles() {
                return s.resultFiles();
            }
        };
    }
}
