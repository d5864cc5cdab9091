package dev.codedpo.eval.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Resolves an interpreter command (e.g. a pyenv shim, which needs the caller's environment) to the real executable,
 * so that workers can start with a scrubbed environment.
 */
public final class PythonInterpreter {
    /**
     * PYTHONHASHSEED of every interpreter whose results are compared: candidates and reference solutions alike, so
     * that the iteration order of a set of strings is the same on both sides.
     */
    public static final String HASH_SEED = "0";

    private PythonInterpreter() {}

    /** sys.version of a resolved interpreter (part of what a recorded result depends on). */
    public static String version(String exe) {
        return ask(exe, "import sys; print(sys.version)", "did not tell its version");
    }

    public static String resolve(String command) {
        String text = ask(command, "import sys; assert sys.version_info >= (3, 8), sys.version; print(sys.executable)",
                "is not a usable Python >= 3.8");
        String exe = text.lines().reduce((a, b) -> b).orElse("");
        if (exe.isEmpty() || !Files.isExecutable(Path.of(exe))) {
            throw new IllegalStateException("'" + command + "' reported no executable (" + text + ")");
        }
        return exe;
    }

    /** What {@code command -c program} prints (stdout and stderr), trimmed; {@code failure} says why it is unusable. */
    private static String ask(String command, String program, String failure) {
        try {
            Process p = new ProcessBuilder(List.of(command, "-c", program)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + command + "' did not answer within 30 s");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + command + "' " + failure + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run Python interpreter '" + command + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing '" + command + "'", e);
        }
    }
}
