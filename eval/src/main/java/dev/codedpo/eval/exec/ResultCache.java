package dev.codedpo.eval.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.suite.SourceLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An executor that answers a request it has answered before from a directory of recorded results, and sends the
 * rest to the live executor: the evaluations and comparisons of one experiment's variants mostly check the same
 * programs again (a fine-tuned model's greedy output often does not change).
 *
 * <p>Only results that repeat are recorded: checks in which nothing timed out or crashed (those depend on the
 * machine's load), and passing timings under a clock that counts rather than measures ({@link TimingClock#noisy()}
 * false); CPU timings are only comparable when taken side by side, so they always run. A record is keyed by the
 * whole request and the live executor's identity (harness, interpreter, default limits, sandbox), one file per
 * result written atomically, so processes sharing the directory never see half a record.
 */
public final class ResultCache implements CodeExecutor {
    /** Where evaluations and comparisons keep their results under their cache directory (one place for both). */
    public static final String DIR = "results";

    private final CodeExecutor live;
    private final Path dir;
    private final String identity;
    private final AtomicLong reused = new AtomicLong();
    private final AtomicLong executed = new AtomicLong();

    /** @param identity what the live executor's results depend on besides the request */
    public ResultCache(CodeExecutor live, String identity, Path dir) {
        this.live = live;
        this.identity = identity;
        this.dir = dir;
    }

    /** A pool's results recorded under {@code dir}. */
    public static ResultCache of(PythonWorkerPool pool, Path dir) {
        return new ResultCache(pool, pool.identity(), dir);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        Path file = fileFor("exec", request);
        ExecutionResult had = read(file, ExecutionResult.class);
        if (had != null) {
            reused.incrementAndGet();
            return had;
        }
        executed.incrementAndGet();
        ExecutionResult r = live.execute(request);
        boolean repeats = r.codeStatus() != CheckStatus.TIMEOUT && r.codeStatus() != CheckStatus.CRASH
                && r.checks().stream().noneMatch(c -> c.status() == CheckStatus.TIMEOUT
                        || c.status() == CheckStatus.CRASH);
        if (repeats) {
            write(file, r);
        }
        return r;
    }

    @Override
    public TimingResult time(TimingRequest request) {
        if (request.clock().noisy()) {
            executed.incrementAndGet();
            return live.time(request);
        }
        Path file = fileFor("time", request);
        TimingResult had = read(file, TimingResult.class);
        if (had != null) {
            reused.incrementAndGet();
            return had;
        }
        executed.incrementAndGet();
        TimingResult r = live.time(request);
        if (r.allPassed()) {
            write(file, r);
        }
        return r;
    }

    /** Requests answered from the records since this executor was made. */
    public long reused() {
        return reused.get();
    }

    /** Requests sent to the live executor. */
    public long executed() {
        return executed.get();
    }

    private Path fileFor(String op, Object request) {
        String key;
        try {
            key = SourceLines.sha256((op + "\n" + identity + "\n" + Json.MAPPER.writeValueAsString(request))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    private static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            return null; // unreadable: executed again and rewritten
        }
    }

    private static void write(Path file, Object result) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + file.getParent(), e);
        }
        AtomicFiles.writeString(file, Json.pretty(result));
    }

    @Override
    public SandboxReport sandbox() {
        return live.sandbox();
    }

    @Override
    public int parallelism() {
        return live.parallelism();
    }

    /** The live executor is the caller's to close. */
    @Override
    public void close() {}
}
