package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import dev.codedpo.eval.exec.CheckResult;
import dev.codedpo.eval.exec.CheckStatus;
import dev.codedpo.eval.exec.ExecBenchMatrix;
import dev.codedpo.eval.exec.ExecBenchmark;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.NaiveSubprocessExecutor;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.ProcessCpu;
import dev.codedpo.eval.exec.PythonInterpreter;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.exec.SandboxLimits;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Executions per second of the warm worker pool against one fresh interpreter per check, in one run. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Measure the execution engine: the sandboxed worker pool against the naive one-process-per-check",
            "executor, side by side on the same synthetic matrix (tasks x codes x tests; correct, wrong, erroring",
            "and slow codes checked against a reference). The naive executor runs a sample of the requests."})
public final class BenchExecCommand implements Callable<Integer> {
    @Option(names = "--tasks", defaultValue = "50", description = "tasks in the matrix (default: ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--codes", defaultValue = "15", description = "codes per task (default: ${DEFAULT-VALUE})")
    int codes;

    @Option(names = "--tests", defaultValue = "15", description = "tests per task (default: ${DEFAULT-VALUE})")
    int tests;

    @Option(names = "--workers", description = "pool workers and naive threads (default: available processors)")
    Integer workers;

    @Option(names = "--naive-sample", defaultValue = "40",
            description = "requests (code x all its tests) the naive executor runs (default: ${DEFAULT-VALUE})")
    int naiveSample;

    @Option(names = "--python", defaultValue = "python3", description = "interpreter (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--seed", defaultValue = "1", description = "matrix seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--short-only", description = "leave out the slow codes (~8%%): every test is short")
    boolean shortOnly;

    @Override
    public Integer call() {
        if (tasks < 1 || codes < 1 || tests < 1) {
            throw new InputException("--tasks, --codes and --tests must be >= 1");
        }
        if (naiveSample < 1) {
            throw new InputException("--naive-sample must be >= 1");
        }
        int n = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (n < 1) {
            throw new InputException("--workers must be >= 1");
        }
        try {
            PythonInterpreter.resolve(python);
        } catch (IllegalStateException e) {
            throw new InputException("--python: " + e.getMessage());
        }
        List<ExecutionRequest> matrix = ExecBenchMatrix.build(tasks, codes, tests, seed, !shortOnly);
        List<ExecutionRequest> sample = ExecBenchmark.sample(matrix, naiveSample);
        PoolConfig config = PoolConfig.defaults().withWorkers(n).withPython(python);
        System.out.printf(Locale.ROOT, "matrix: %d tasks x %d codes x %d tests = %d checks%s; %d worker(s)%n",
                tasks, codes, tests, (long) tasks * codes * tests, shortOnly ? " (short tests only)" : "", n);

        long t0 = System.nanoTime();
        ExecBenchmark.Run pool;
        ExecBenchmark.Run poolOnSample;
        double poolCpuPerCheck;
        try (PythonWorkerPool executor = PythonWorkerPool.start(config)) {
            double startup = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "sandbox: network isolated=%s, privileges dropped=%s%s%n",
                    executor.sandbox().networkIsolated(), executor.sandbox().privilegesDropped(),
                    executor.sandbox().notes().isEmpty() ? "" : " (" + executor.sandbox().notes() + ")");
            double cpu0 = poolCpu(executor);
            pool = ExecBenchmark.run(executor, matrix);
            poolCpuPerCheck = (poolCpu(executor) - cpu0) / pool.checks();
            poolOnSample = ExecBenchmark.run(executor, sample);
            System.out.printf(Locale.ROOT, "pool:  %7d checks in %7.2f s = %8.1f checks/s, %.2f ms CPU/check"
                            + "  (startup %.2f s; %s)%n", pool.checks(), pool.seconds(), pool.checksPerSecond(),
                    1000 * poolCpuPerCheck, startup, mix(pool.statusCounts()));
        }
        ExecBenchmark.Run naive;
        double naiveCpuPerCheck;
        try (NaiveSubprocessExecutor executor = new NaiveSubprocessExecutor(python, SandboxLimits.defaults(), n)) {
            double cpu0 = ProcessCpu.reapedChildrenOfSelf();
            naive = ExecBenchmark.run(executor, sample);
            naiveCpuPerCheck = (ProcessCpu.reapedChildrenOfSelf() - cpu0) / naive.checks();
        }
        System.out.printf(Locale.ROOT, "naive: %7d checks in %7.2f s = %8.1f checks/s, %.2f ms CPU/check"
                        + "  (sample of %d requests; %s)%n", naive.checks(), naive.seconds(),
                naive.checksPerSecond(), 1000 * naiveCpuPerCheck, sample.size(), mix(naive.statusCounts()));
        System.out.printf(Locale.ROOT, "speed-up: %.1fx wall-clock, %.1fx CPU per check (pool on the same sample: "
                        + "%.1f checks/s)%n", pool.checksPerSecond() / naive.checksPerSecond(),
                naiveCpuPerCheck / poolCpuPerCheck, poolOnSample.checksPerSecond());
        System.out.printf(Locale.ROOT, "load average now: %s%n", loadAverage());
        int agree = 0;
        int total = 0;
        for (int i = 0; i < sample.size(); i++) {
            List<CheckResult> a = poolOnSample.results().get(i).checks();
            List<CheckResult> b = naive.results().get(i).checks();
            for (int k = 0; k < a.size(); k++) {
                total++;
                agree += a.get(k).passed() == b.get(k).passed() ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "parity on the sample: %d/%d checks agree on pass/fail%n", agree, total);
        return agree == total ? Main.EXIT_OK : Main.EXIT_INTERNAL;
    }

    /** CPU of every worker tree (each worker's count includes the code and test processes it reaped). */
    private static double poolCpu(PythonWorkerPool pool) {
        return pool.workerPids().stream().mapToDouble(ProcessCpu::treeSeconds).sum();
    }

    /** Other work on the machine skews wall-clock rates; printed so that figures can be judged. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String mix(Map<CheckStatus, Long> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((s, c) -> sb.append(sb.length() == 0 ? "" : " ").append(s.label()).append('=').append(c));
        return sb.toString();
    }
}
