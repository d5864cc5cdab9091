package dev.codedpo.eval.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.suite.SourceLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
public final class ResultCache extends AnsweringExecutor {
    /** Where evaluations and comparisons keep their results under their cache directory (one place for both). */
    public static final String DIR = "results";

    private final Path dir;
    private final String identity;

    /** @param live an executor with an identity ({@link CodeExecutor#identity}): what its results depend on */
    public ResultCache(CodeExecutor live, Path dir) {
        super(live);
        this.identity = live.identity();
        if (identity == null) {
            throw new IllegalArgumentException("this executor's results cannot be reused (it has no identity)");
        }
        this.dir = dir;
    }

    @Override
    protected ExecutionResult answer(ExecutionRequest request) {
        return read(fileFor("exec", request), ExecutionResult.class);
    }

    @Override
    protected TimingResult answer(TimingRequest request) {
        return request.clock().noisy() ? null : read(fileFor("time", request), TimingResult.class);
    }

    @Override
    protected void learn(ExecutionRequest request, ExecutionResult r) {
        boolean repeats = r.codeStatus() != CheckStatus.TIMEOUT && r.codeStatus() != CheckStatus.CRASH
                && r.checks().stream().noneMatch(c -> c.status() == CheckStatus.TIMEOUT
                        || c.status() == CheckStatus.CRASH);
        if (repeats) {
            write(fileFor("exec", request), r);
        }
    }

    @Override
    protected void learn(TimingRequest request, TimingResult r) {
        if (!request.clock().noisy() && r.allPassed()) {
            write(fileFor("time", request), r);
        }
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
}
