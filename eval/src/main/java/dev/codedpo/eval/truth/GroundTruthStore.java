package dev.codedpo.eval.truth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.exec.PythonInterpreter;
import dev.codedpo.eval.suite.SourceLines;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reference outputs and reference times of a suite: computed once by running the canonical solutions in plain
 * python3 (as EvalPlus does) and cached as gzipped JSONL under the cache directory. The cache key covers the suite's
 * bytes, the reference script, the Python version and the hash seed, so a change to any of them recomputes.
 */
public final class GroundTruthStore {
    private static final long RUN_TIMEOUT_SECONDS = 3600;

    private final Path cacheDir;
    private final String python;
    private final int workers;
    private final PythonScript script;
    private String pythonVersion;

    public GroundTruthStore(Path cacheDir, String python, int workers) {
        this.cacheDir = cacheDir;
        this.python = python;
        this.workers = Math.max(1, workers);
        this.script = new PythonScript(python, "groundtruth.py");
    }

    /** The default cache directory: $XDG_CACHE_HOME/codedpo/eval or ~/.cache/codedpo/eval. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("codedpo").resolve("eval");
    }

    public Path cacheFile(Suite suite) {
        String slug = suite.name().matches("[a-z-]+") ? suite.name() : "custom";
        String key = SourceLines.sha256((suite.contentHash() + "\n" + SourceLines.sha256(
                script.source().getBytes(StandardCharsets.UTF_8)) + "\n" + pythonVersion() + "\nPYTHONHASHSEED="
                + PythonInterpreter.HASH_SEED)
                .getBytes(StandardCharsets.UTF_8));
        return cacheDir.resolve("groundtruth-" + slug + "-" + key.substring(0, 16) + ".jsonl.gz");
    }

    /** Ground truth of every task of {@code suite}, computing (and caching) what the cache lacks. */
    public Map<String, GroundTruth> forSuite(Suite suite, Consumer<String> log) {
        Path file = cacheFile(suite);
        Map<String, String> rows = readCache(file);
        List<Task> missing = new ArrayList<>();
        for (Task t : suite.tasks()) {
            if (!rows.containsKey(t.taskId())) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            if (suite.isDifferential() || missing.stream().anyMatch(t -> t.reference() != null)) {
                log.accept(String.format("computing reference outputs and times for %d task(s) of %s (cached in %s)",
                        missing.size(), suite.name(), file));
            }
            if (!suite.name().matches("[a-z-]+")) {
                log.accept("note: the reference solutions of a custom suite run in plain python3, outside the "
                        + "sandbox (as EvalPlus does): only use suite files you trust");
            }
            long t0 = System.nanoTime();
            for (String row : compute(missing)) {
                rows.put(idOf(row), row);
            }
            writeCache(file, rows);
            log.accept(String.format("reference run took %.1f s", (System.nanoTime() - t0) / 1e9));
        }
        Map<String, GroundTruth> out = new LinkedHashMap<>();
        for (Task t : suite.tasks()) {
            out.put(t.taskId(), parse(t, rows.get(t.taskId())));
        }
        return out;
    }

    private static String idOf(String row) {
        try {
            return Json.MAPPER.readTree(row).path("task_id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> compute(List<Task> tasks) {
        List<String> withReference = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (Task t : tasks) {
            if (t.reference() == null) {
                // A custom suite without canonical solutions: nothing to measure, limits fall back to the minimum.
                out.add(Json.line(Map.of("task_id", t.taskId(), "no_reference", true)));
            } else {
                withReference.add(requestLine(t));
            }
        }
        int n = Math.min(workers, Math.max(1, withReference.size()));
        List<List<String>> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shards.add(new ArrayList<>());
        }
        for (int i = 0; i < withReference.size(); i++) {
            shards.get(i % n).add(withReference.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (List<String> shard : shards) {
                futures.add(pool.submit(() -> script.run(shard, RUN_TIMEOUT_SECONDS)));
            }
            for (Future<List<String>> f : futures) {
                out.addAll(f.get());
            }
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("reference run failed: " + cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static String requestLine(Task t) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("task_id", t.taskId());
        o.put("code", t.reference());
        o.put("setup", t.setup());
        o.put("entry_point", t.entryPoint());
        if (t.isDifferential()) {
            o.put("mode", "differential");
            o.put("flavor", t.differential().flavor());
            String head = Json.line(o);
            // The inputs go in as the data file's own JSON text (Infinity, big integers), spliced, not re-encoded.
            return head.substring(0, head.length() - 1) + ",\"base_input\":" + t.differential().baseInputJson()
                    + ",\"plus_input\":" + t.differential().plusInputJson() + "}";
        }
        o.put("mode", "tests");
        var arr = o.putArray("tests");
        t.tests().forEach(arr::add);
        return Json.line(o);
    }

    private static GroundTruth parse(Task task, String row) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (n.has("error")) {
            throw new InputException("suite task " + task.taskId() + ": the reference solution fails: "
                    + n.path("error").asText());
        }
        if (n.has("no_reference")) {
            return new GroundTruth(task.taskId(), null, null, null, null, null, List.of());
        }
        if (task.isDifferential()) {
            return new GroundTruth(task.taskId(), doubles(n.get("base_times")), doubles(n.get("plus_times")),
                    n.path("base_blob").asText(), n.path("plus_blob").asText(), null, List.of());
        }
        List<String> failures = new ArrayList<>();
        for (JsonNode f : n.path("failures")) {
            failures.add("test " + f.path("index").asInt() + ": " + f.path("error").asText());
        }
        return new GroundTruth(task.taskId(), null, null, null, null, doubles(n.get("test_times")), failures);
    }

    private static double[] doubles(JsonNode arr) {
        double[] d = new double[arr.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = arr.get(i).asDouble();
        }
        return d;
    }

    private static Map<String, String> readCache(Path file) {
        Map<String, String> rows = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    rows.put(idOf(line), line);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            rows.clear(); // a damaged cache is recomputed, never trusted
        }
        return rows;
    }

    private static void writeCache(Path file, Map<String, String> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (String row : rows.values()) {
                gz.write(row.getBytes(StandardCharsets.UTF_8));
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    private String pythonVersion() {
        if (pythonVersion != null) {
            return pythonVersion;
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.version)").start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            pythonVersion = v;
            return v;
        } catch (IOException e) {
            throw new InputException("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
