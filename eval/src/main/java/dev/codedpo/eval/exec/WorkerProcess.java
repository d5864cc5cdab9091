package dev.codedpo.eval.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One warm Python worker driven over its stdin/stdout, one JSON line each way per request. */
final class WorkerProcess {
    /** Marks end of the worker's stdout in the line queue (compared by identity). */
    private static final String EOF = new String("<eof>");
    private static final int STDERR_TAIL = 4096;

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();
    private final JsonNode hello;
    private final SandboxUidLease lease;

    private WorkerProcess(List<String> command, Map<String, String> env, SandboxUidLease lease, long helloMillis)
            throws WorkerFailure {
        this.lease = lease;
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new WorkerFailure("cannot start worker " + command.get(0) + ": " + e.getMessage());
        }
        stdin = process.getOutputStream();
        daemon("codedpo-worker-out-" + process.pid(), () -> pumpLines(process.getInputStream()));
        daemon("codedpo-worker-err-" + process.pid(), () -> pumpStderr(process.getErrorStream()));
        JsonNode first = readLine(helloMillis);
        if (!"hello".equals(first.path("t").asText())) {
            destroy();
            throw new WorkerFailure("worker did not greet: " + first);
        }
        hello = first;
    }

    /** Starts a worker whose candidates run as the lease's uid (null: the worker decides, e.g. not root). */
    static WorkerProcess start(List<String> command, Map<String, String> env, SandboxUidLease lease)
            throws WorkerFailure {
        return new WorkerProcess(command, env, lease, 60_000);
    }

    SandboxUidLease lease() {
        return lease;
    }

    JsonNode hello() {
        return hello;
    }

    /** Sends one request line and waits for its response line. */
    synchronized JsonNode call(String requestLine, long timeoutMillis) throws WorkerFailure {
        try {
            stdin.write((requestLine + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw failure("cannot write to worker: " + e.getMessage());
        }
        return readLine(timeoutMillis);
    }

    private JsonNode readLine(long timeoutMillis) throws WorkerFailure {
        String line;
        try {
            line = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the worker");
        }
        if (line == null) {
            throw failure("worker did not answer within " + timeoutMillis + " ms");
        }
        if (line == EOF) {
            throw failure("worker exited");
        }
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw failure("worker sent a malformed line: " + abbreviate(line));
        }
    }

    private WorkerFailure failure(String what) {
        String tail;
        synchronized (stderrTail) {
            tail = stderrTail.toString().strip();
        }
        return new WorkerFailure(tail.isEmpty() ? what : what + " (worker stderr: " + abbreviate(tail) + ")");
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Polite stop: end of input makes the worker kill its candidates and exit; forced after a grace period. */
    void shutdown() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        destroy();
    }

    /** Kills the worker and every process below it (the pid namespace, when present, takes the rest). */
    void destroy() {
        List<ProcessHandle> below = process.descendants().toList();
        process.destroyForcibly();
        below.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pumpLines(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the worker died; EOF below tells the waiting caller
        } finally {
            lines.add(EOF);
        }
    }

    private void pumpStderr(InputStream in) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_TAIL) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
                    }
                }
            }
        } catch (IOException ignored) {
            // worker gone
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static String abbreviate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000) + "...";
    }
}
