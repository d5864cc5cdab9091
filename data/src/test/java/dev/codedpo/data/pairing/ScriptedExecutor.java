package dev.codedpo.data.pairing;

import dev.codedpo.eval.exec.CheckResult;
import dev.codedpo.eval.exec.CheckStatus;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import dev.codedpo.eval.exec.SandboxReport;
import dev.codedpo.eval.exec.TimingRequest;
import dev.codedpo.eval.exec.TimingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double for the builder's logic: a "code" is {@code name|seconds} and a "test" is {@code name:passers} where
 * passers is a comma list of code names that pass it. Real execution is covered by the engine's and CLI's tests.
 */
class ScriptedExecutor implements CodeExecutor {
    final AtomicInteger executions = new AtomicInteger();

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        executions.incrementAndGet();
        String name = request.code().split("\\|")[0];
        List<CheckResult> checks = new ArrayList<>();
        for (String test : request.tests()) {
            boolean pass = passes(name, test);
            checks.add(new CheckResult(pass ? CheckStatus.PASS : CheckStatus.FAIL, pass ? null : "AssertionError",
                    null, 0.001));
        }
        return new ExecutionResult(CheckStatus.PASS, null, checks);
    }

    @Override
    public TimingResult time(TimingRequest request) {
        String[] parts = request.code().split("\\|");
        double s = Double.parseDouble(parts[1]);
        boolean all = request.tests().stream().allMatch(t -> passes(parts[0], t));
        double[] rounds = new double[request.repeats()];
        for (int i = 0; i < rounds.length; i++) {
            rounds[i] = s * (1 + 0.01 * i);
        }
        return new TimingResult(all, rounds);
    }

    private static boolean passes(String code, String test) {
        String passers = test.substring(test.indexOf(':') + 1);
        for (String p : passers.split(",")) {
            if (p.equals(code)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public SandboxReport sandbox() {
        return new SandboxReport(true, true, "scripted");
    }

    @Override
    public int parallelism() {
        return 2;
    }

    @Override
    public void close() {}
}
