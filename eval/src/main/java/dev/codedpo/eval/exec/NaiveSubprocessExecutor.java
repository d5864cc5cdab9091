package dev.codedpo.eval.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The human-eval style baseline: one fresh interpreter per (code, test) check running setup + code + test as one
 * script, passing on exit status 0. No sandbox beyond the wall-clock limit and a scratch directory; it exists only
 * so that {@code codedpo bench exec} can measure the pool against it side by side.
 */
public final class NaiveSubprocessExecutor implements CodeExecutor {
    private static final String CPU_MARK = "__codedpo_cpu__ ";
    private static final int KEEP_STDERR = 64 * 1024;

    private final String python;
    private final SandboxLimits defaults;
    private final int parallelism;
    private final Path scratch;

    public NaiveSubprocessExecutor(String python, SandboxLimits defaults, int parallelism) {
        this.python = PythonInterpreter.resolve(python);
        this.defaults = defaults == null ? SandboxLimits.defaults() : defaults;
        this.parallelism = parallelism;
        try {
            this.scratch = Files.createTempDirectory("codedpo-naive-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        SandboxLimits limits = request.limits() != null ? request.limits() : defaults;
        List<CheckResult> checks = new ArrayList<>();
        for (String test : request.tests()) {
            checks.add(runOne(request.setup(), request.code(), List.of(test), TimingClock.CPU, limits,
                    limits.timeoutSeconds()));
        }
        return new ExecutionResult(CheckStatus.PASS, null, List.copyOf(checks));
    }

    @Override
    public TimingResult time(TimingRequest request) {
        SandboxLimits limits = request.limits() != null ? request.limits() : defaults;
        double[] rounds = new double[request.repeats()];
        boolean ok = true;
        for (int r = 0; r < rounds.length; r++) {
            CheckResult c = runOne(request.setup(), request.code(), request.tests(), request.clock(), limits,
                    limits.timeoutSeconds() * Math.max(1, request.tests().size()));
            ok &= c.passed();
            rounds[r] = c.cpuSeconds();
        }
        return new TimingResult(ok, rounds);
    }

    /** Setup, code and tests as one script that prints the clock's measure of the tests last on stderr. */
    private CheckResult runOne(String setup, String code, List<String> tests, TimingClock clock, SandboxLimits limits,
                               double wall) {
        StringBuilder program = new StringBuilder("import time as _codedpo_t, sys as _codedpo_s\n")
                .append(setup).append('\n').append(code).append('\n');
        if (clock == TimingClock.CPU) {
            program.append("_codedpo_c0 = _codedpo_t.process_time()\n");
            tests.forEach(t -> program.append(t).append('\n'));
            program.append("_codedpo_m = _codedpo_t.process_time() - _codedpo_c0\n");
        } else {
            // Each test exec'd in a frame of its own with the counter installed only around it, as the worker does.
            program.append("_codedpo_m = 0\n"
                    + "def _codedpo_step(f, e, a):\n"
                    + "    global _codedpo_m\n"
                    + "    if e == 'opcode':\n"
                    + "        _codedpo_m += 1\n"
                    + "    return _codedpo_step\n"
                    + "def _codedpo_frame(f, e, a):\n"
                    + "    f.f_trace_lines = False\n"
                    + "    f.f_trace_opcodes = True\n"
                    + "    return _codedpo_step\n");
            for (String t : tests) {
                String b64 = Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8));
                program.append("_codedpo_x = compile(__import__('base64').b64decode('").append(b64)
                        .append("').decode(), '<test>', 'exec')\n")
                        .append("_codedpo_s.settrace(_codedpo_frame)\n")
                        .append("try:\n    exec(_codedpo_x, globals())\nfinally:\n    _codedpo_s.settrace(None)\n");
            }
        }
        program.append("print('\\n").append(CPU_MARK).append("%r' % _codedpo_m, file=_codedpo_s.stderr)\n");
        ProcessBuilder pb = new ProcessBuilder(python, "-c", program.toString())
                .directory(scratch.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8",
                "PYTHONHASHSEED", "0"));
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            return new CheckResult(CheckStatus.CRASH, null, "cannot start python: " + e.getMessage(), 0.0);
        }
        StderrCollector err = new StderrCollector(p.getErrorStream());
        try {
            if (!p.waitFor((long) (wall * 1000), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                return new CheckResult(CheckStatus.TIMEOUT, null, "wall-clock limit reached", wall);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new CheckResult(CheckStatus.CRASH, null, "interrupted", 0.0);
        }
        return classify(p.exitValue(), err.text());
    }

    private static CheckResult classify(int exit, String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        double cpu = 0.0;
        for (String l : lines) {
            if (l.startsWith(CPU_MARK.strip())) {
                cpu = Double.parseDouble(l.substring(CPU_MARK.strip().length()).strip());
            }
        }
        if (exit == 0) {
            return new CheckResult(CheckStatus.PASS, null, null, cpu);
        }
        if (exit > 128 || exit < 0) {
            return new CheckResult(CheckStatus.CRASH, null, "exit status " + exit, cpu);
        }
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        int colon = last.indexOf(':');
        String type = (colon > 0 ? last.substring(0, colon) : last).strip();
        String message = colon > 0 ? last.substring(colon + 1).strip() : "";
        if (type.contains(" ") || type.isEmpty()) {
            return new CheckResult(CheckStatus.ERROR, null, "exit status " + exit, cpu);
        }
        type = type.substring(type.lastIndexOf('.') + 1);
        CheckStatus s = type.equals("AssertionError") ? CheckStatus.FAIL : CheckStatus.ERROR;
        return new CheckResult(s, type, message, cpu);
    }

    @Override
    public SandboxReport sandbox() {
        return new SandboxReport(false, false, "naive baseline: no sandbox (benchmark use only)");
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(scratch)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a scratch directory under the system temp dir
        }
    }

    /** Reads a child's stderr on its own thread, keeping the tail, so that a chatty child never blocks. */
    private static final class StderrCollector {
        private final StringBuilder text = new StringBuilder();
        private final Thread thread;

        StderrCollector(InputStream in) {
            thread = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        synchronized (text) {
                            // Keeps the tail: the traceback's last line names the exception.
                            text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                            if (text.length() > KEEP_STDERR) {
                                text.delete(0, text.length() - KEEP_STDERR);
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            }, "codedpo-naive-stderr");
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
