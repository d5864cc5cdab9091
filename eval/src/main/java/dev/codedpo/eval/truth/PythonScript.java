package dev.codedpo.eval.truth;

import dev.codedpo.eval.exec.PythonInterpreter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a trusted helper script (bundled under dev/codedpo/eval/harness) in plain python3: JSON lines in, JSON lines
 * out. Only for reference solutions; candidate code always goes through the sandboxed executor. The script runs with
 * the candidates' PYTHONHASHSEED whatever our environment holds: a reference returning list(a set of strings) must
 * give the order a candidate computing the same set gets.
 */
public final class PythonScript {
    private final String python;
    private final String source;

    public PythonScript(String python, String resourceName) {
        this.python = python;
        this.source = resource(resourceName);
    }

    public static String resource(String name) {
        try (InputStream in = PythonScript.class.getResourceAsStream("/dev/codedpo/eval/harness/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String source() {
        return source;
    }

    /** Feeds {@code input} lines to one process and returns its output lines; fails on a non-zero exit. */
    public List<String> run(List<String> input, long timeoutSeconds) {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(python, "-c", source).redirectErrorStream(false);
            pb.environment().put("PYTHONHASHSEED", PythonInterpreter.HASH_SEED);
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + python + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread feeder = new Thread(() -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))) {
                for (String line : input) {
                    w.write(line);
                    w.write('\n');
                }
            } catch (IOException ignored) {
                // the process died; its exit status and stderr say why
            }
        }, "groundtruth-feed");
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // nothing more to read
            }
        }, "groundtruth-stderr");
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                p.destroyForcibly();
            }
        }, "groundtruth-watchdog");
        watchdog.setDaemon(true);
        feeder.start();
        drain.start();
        watchdog.start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
            p.waitFor();
            drain.join(5000);
            watchdog.interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            if (p.exitValue() == 137) {
                throw new IllegalStateException("reference run killed after " + timeoutSeconds + " s");
            }
            String msg = err.toString(StandardCharsets.UTF_8);
            throw new IllegalStateException("reference run failed (exit " + p.exitValue() + "): "
                    + msg.substring(Math.max(0, msg.length() - 2000)));
        }
        return out;
    }
}
