package dev.codedpo.data.world;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.CheckResult;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import dev.codedpo.eval.exec.SandboxLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs many of the world's own programs (generated from its primitives: no model wrote them) in one sandboxed check,
 * each in a fresh namespace: a process per program would make the world the demo's largest share of sandbox work on
 * machines where a fork is slow. Each item's printed lines come back separately; an item that raises reports its
 * exception instead, and the others still run.
 */
final class TrustedBatch {
    /** Items per check: small enough for every item's output to fit the sandbox's output cap. */
    static final int SIZE = 25;
    private static final String MARK = "#codedpo-item ";
    private static final SandboxLimits LIMITS = SandboxLimits.defaults().withTimeout(60);

    /** What one item printed, or the exception it raised ("Type: message"). */
    record Outcome(List<String> lines, String error) {}

    private TrustedBatch() {}

    /**
     * @param programs the code of each item (defines its functions)
     * @param bodies   what to run after it, in the same namespace (prints, asserts)
     * @param progress steps once per item
     */
    static List<Outcome> run(CodeExecutor executor, List<String> programs, List<String> bodies, Progress progress) {
        List<ExecutionRequest> requests = new ArrayList<>();
        for (int from = 0; from < programs.size(); from += SIZE) {
            int to = Math.min(programs.size(), from + SIZE);
            requests.add(new ExecutionRequest("", "", List.of(script(programs.subList(from, to),
                    bodies.subList(from, to))), LIMITS));
        }
        List<ExecutionResult> results = runAll(executor, requests, programs.size(), progress);
        List<Outcome> out = new ArrayList<>();
        for (int r = 0; r < results.size(); r++) {
            out.addAll(parse(results.get(r).checks().get(0), itemsIn(r, programs.size()), r * SIZE));
        }
        return out;
    }

    private static int itemsIn(int request, int items) {
        return Math.min(SIZE, items - request * SIZE);
    }

    /** The checks, as many at once as the executor has workers; results in request order. */
    private static List<ExecutionResult> runAll(CodeExecutor executor, List<ExecutionRequest> requests, int items,
                                                Progress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, executor.parallelism()), r -> {
            Thread t = new Thread(r, "world-exec");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ExecutionResult>> futures = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                ExecutionRequest q = requests.get(i);
                int n = itemsIn(i, items);
                futures.add(pool.submit(() -> {
                    ExecutionResult r = executor.execute(q);
                    progress.step(n);
                    return r;
                }));
            }
            List<ExecutionResult> out = new ArrayList<>();
            for (Future<ExecutionResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("executing the world's programs failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String script(List<String> programs, List<String> bodies) {
        StringBuilder s = new StringBuilder("import base64 as _b\n_items = [\n");
        for (int i = 0; i < programs.size(); i++) {
            s.append("    ('").append(b64(programs.get(i))).append("', '").append(b64(bodies.get(i))).append("'),\n");
        }
        s.append("]\nfor _i, (_p, _t) in enumerate(_items):\n")
                .append("    print('").append(MARK).append("%d' % _i)\n")
                .append("    _ns = {'__name__': '__world__'}\n")
                .append("    try:\n")
                .append("        exec(_b.b64decode(_p).decode(), _ns)\n")
                .append("        exec(_b.b64decode(_t).decode(), _ns)\n")
                .append("    except Exception as _e:\n")
                .append("        print('").append(MARK).append("error %s: %s' % (type(_e).__name__, str(_e)[:200]))\n");
        return s.toString();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Outcome> parse(CheckResult c, int n, int first) {
        if (!c.passed() || c.outputTruncated() || c.output() == null) {
            throw new IllegalStateException("the world's programs " + first + ".." + (first + n - 1) + " did not run: "
                    + c.status() + " " + c.exceptionType() + " " + c.message()
                    + (c.outputTruncated() ? " (output over the sandbox's cap)" : ""));
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String line : c.output().split("\n", -1)) {
            if (line.startsWith(MARK + "error ")) {
                errors.set(errors.size() - 1, line.substring((MARK + "error ").length()));
            } else if (line.startsWith(MARK)) {
                lines.add(new ArrayList<>());
                errors.add(null);
            } else if (!lines.isEmpty()) {
                lines.get(lines.size() - 1).add(line);
            }
        }
        if (lines.size() != n) {
            throw new IllegalStateException("the world's programs " + first + ".." + (first + n - 1) + " reported "
                    + lines.size() + " of " + n + " items");
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> l = lines.get(i);
            // the check's output ends with a newline: the last item's last "line" is empty
            if (i == n - 1 && !l.isEmpty() && l.get(l.size() - 1).isEmpty()) {
                l.remove(l.size() - 1);
            }
            out.add(new Outcome(List.copyOf(l), errors.get(i)));
        }
        return out;
    }
}
