package dev.codedpo.eval.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's baseline and workload: the naive executor's verdicts, and its parity with the pool. */
class NaiveAndBenchMatrixTest {
    @Test
    void naiveExecutorClassifiesLikeHumanEval() {
        try (NaiveSubprocessExecutor naive = new NaiveSubprocessExecutor("python3",
                SandboxLimits.defaults().withTimeout(1.0), 1)) {
            ExecutionResult r = naive.execute(ExecutionRequest.of("def f(x):\n    return x + 1\n", List.of(
                    "assert f(1) == 2", "assert f(1) == 3, 'nope'", "f(None)", "while True:\n    pass")));
            assertEquals(List.of(CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.ERROR, CheckStatus.TIMEOUT),
                    r.checks().stream().map(CheckResult::status).toList());
            assertEquals("nope", r.checks().get(1).message());
            assertEquals("TypeError", r.checks().get(2).exceptionType());
        }
    }

    @Test
    void matrixIsDeterministicAndShapedAsAsked() {
        List<ExecutionRequest> a = ExecBenchMatrix.build(9, 4, 6, 7);
        assertEquals(36, a.size());
        assertTrue(a.stream().allMatch(r -> r.tests().size() == 6));
        assertEquals(a, ExecBenchMatrix.build(9, 4, 6, 7));
        assertNotEquals(a, ExecBenchMatrix.build(9, 4, 6, 8));
        assertEquals(5, ExecBenchmark.sample(a, 5).size());
        assertEquals(a.get(0), ExecBenchmark.sample(a, 5).get(0));
        List<ExecutionRequest> big = ExecBenchMatrix.build(40, 10, 1, 7);
        assertTrue(big.stream().anyMatch(r -> r.code().contains("_burn()")));
        assertTrue(ExecBenchMatrix.build(40, 10, 1, 7, false).stream().noneMatch(r -> r.code().contains("_burn")));
    }

    @Test
    void poolAndNaiveAgreeOnTheMatrixAndItHoldsEveryKindOfCode() {
        List<ExecutionRequest> sample = ExecBenchmark.sample(ExecBenchMatrix.build(8, 6, 4, 3), 12);
        ExecBenchmark.Run pool;
        try (PythonWorkerPool p = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(2))) {
            pool = ExecBenchmark.run(p, sample);
        }
        ExecBenchmark.Run naive;
        try (NaiveSubprocessExecutor n = new NaiveSubprocessExecutor("python3", SandboxLimits.defaults(), 2)) {
            naive = ExecBenchmark.run(n, sample);
        }
        for (int i = 0; i < sample.size(); i++) {
            assertArrayEquals(naive.results().get(i).passVector(), pool.results().get(i).passVector(),
                    "request " + i + ": " + sample.get(i).code());
        }
        var mix = pool.statusCounts();
        assertTrue(mix.getOrDefault(CheckStatus.PASS, 0L) > 0 && mix.getOrDefault(CheckStatus.FAIL, 0L) > 0
                && mix.getOrDefault(CheckStatus.ERROR, 0L) > 0, mix.toString());
        assertEquals(48, pool.checks());
    }
}
