package dev.codedpo.eval.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a check means: outcomes, isolation between tests, setup, CPU time, timing rounds, concurrency. */
class PythonWorkerPoolSemanticsTest {
    private static PythonWorkerPool pool;

    @BeforeAll
    static void start() {
        pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(2)
                .withLimits(SandboxLimits.defaults().withTimeout(3.0)));
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    /**
     * A candidate lowering its recursion limit gets exactly the frames plain {@code python3} gives it (the harness's
     * own frames do not count against it), and the harness can still report after it.
     */
    @Test
    void aLowRecursionLimitMeansWhatItMeansInPlainPython() throws Exception {
        String code = "import sys\nsys.setrecursionlimit(10)\ndef r(n):\n    return 0 if n == 0 else 1 + r(n - 1)\n";
        // The deepest r(n) a script that sets the limit at module level can call there, in plain python3.
        Process p = new ProcessBuilder("python3", "-c", code + "n = 0\nwhile True:\n    try:\n        r(n + 1)\n"
                + "    except RecursionError:\n        break\n    n += 1\nprint(n)").redirectErrorStream(true).start();
        int deepest = Integer.parseInt(new String(p.getInputStream().readAllBytes()).strip());
        assertEquals(0, p.waitFor());
        assertTrue(deepest >= 3 && deepest < 10, "plain python3: " + deepest);
        ExecutionResult r = pool.execute(ExecutionRequest.of(code, List.of(
                "assert r(" + deepest + ") == " + deepest,
                "r(" + (deepest + 1) + ")",
                "assert sys.getrecursionlimit() == 10",
                "assert r(2) == 2")));
        assertEquals(CheckStatus.PASS, r.codeStatus(), r.toString());
        assertEquals(List.of(CheckStatus.PASS, CheckStatus.ERROR, CheckStatus.PASS, CheckStatus.PASS),
                r.checks().stream().map(CheckResult::status).toList(), r.toString());
        assertEquals("RecursionError", r.checks().get(1).exceptionType());
        // The lowest limits, as in plain python3 at module level: 2 is refused (depth 2), 3 is allowed; the harness
        // still reports after a test that leaves the limit at 3.
        ExecutionResult low = pool.execute(ExecutionRequest.of("import sys\n", List.of(
                "sys.setrecursionlimit(2)", "sys.setrecursionlimit(3)", "assert sys.getrecursionlimit() == 1000")));
        assertEquals(List.of(CheckStatus.ERROR, CheckStatus.PASS, CheckStatus.PASS),
                low.checks().stream().map(CheckResult::status).toList(), low.toString());
        assertEquals("cannot set the recursion limit to 2 at the recursion depth 2: the limit is too low",
                low.checks().get(0).message());
        TimingResult t = pool.time(new TimingRequest("", code, List.of("assert r(3) == 3"), 3, TimingClock.CPU, null));
        assertTrue(t.allPassed());
        assertEquals(3, t.rounds().length);
    }

    @Test
    void statusesFollowTheExceptionTheTestRaised() {
        ExecutionResult r = pool.execute(ExecutionRequest.of("def f(x):\n    return x + 1\n", List.of(
                "assert f(1) == 2",
                "assert f(1) == 3, 'f(1) should be 3'",
                "f(None)",
                "assert g(1) == 2")));
        assertEquals(CheckStatus.PASS, r.codeStatus());
        assertArrayEquals(new boolean[] {true, false, false, false}, r.passVector());
        assertEquals(CheckStatus.FAIL, r.checks().get(1).status());
        assertEquals("AssertionError", r.checks().get(1).exceptionType());
        assertEquals("f(1) should be 3", r.checks().get(1).message());
        assertEquals(CheckStatus.ERROR, r.checks().get(2).status());
        assertEquals("TypeError", r.checks().get(2).exceptionType());
        assertEquals("unsupported operand type(s) for +: 'NoneType' and 'int'", r.checks().get(2).message());
        assertEquals("NameError", r.checks().get(3).exceptionType());
        assertNull(r.checks().get(0).exceptionType());
    }

    @Test
    void aTestMutatingGlobalStateCannotChangeAnotherTestsOutcome() {
        String code = "counter = [0]\nCONST = 10\ndef bump():\n    counter[0] += 1\n    return counter[0]\n";
        ExecutionResult r = pool.execute(ExecutionRequest.of(code, List.of(
                "assert bump() == 1",
                "assert bump() == 1",
                "global CONST\nCONST = 99\nimport math\nmath.pi = 3",
                "assert CONST == 10",
                "import math\nassert math.pi > 3.14")));
        assertArrayEquals(new boolean[] {true, true, true, true, true}, r.passVector());
    }

    @Test
    void setupRunsBeforeTheCodeInTheSameNamespace() {
        ExecutionRequest req = new ExecutionRequest("from typing import List\nBASE = 5\n",
                "def add(xs: List[int]) -> int:\n    return BASE + sum(xs)\n",
                List.of("assert add([1, 2]) == 8", "assert BASE == 5"), null);
        assertArrayEquals(new boolean[] {true, true}, pool.execute(req).passVector());
    }

    @Test
    void aCodeThatFailsToLoadFailsEveryCheckWithItsExceptionType() {
        ExecutionResult r = pool.execute(ExecutionRequest.of("import no_such_module_xyz\ndef f(): return 1\n",
                List.of("assert f() == 1", "pass")));
        assertEquals(CheckStatus.ERROR, r.codeStatus());
        assertEquals("ModuleNotFoundError", r.codeException());
        for (CheckResult c : r.checks()) {
            assertEquals(CheckStatus.ERROR, c.status());
            assertEquals("ModuleNotFoundError", c.exceptionType());
            assertEquals("No module named 'no_such_module_xyz'", c.message());
        }
        ExecutionResult syntax = pool.execute(ExecutionRequest.of("def f(:\n", List.of("pass")));
        assertEquals("SyntaxError", syntax.codeException());
        assertEquals(CheckStatus.ERROR, syntax.checks().get(0).status());
    }

    @Test
    void unprivilegedCandidatesCanStillImportTheStandardLibrary() {
        // pyenv keeps the stdlib under /root (0700): the worker must expose it to nobody.
        ExecutionResult r = pool.execute(ExecutionRequest.of("import fractions, statistics, zlib, email.utils\n",
                List.of("assert statistics.mean([1, 2, 3]) == 2", "import xml.dom.minidom")));
        assertArrayEquals(new boolean[] {true, true}, r.passVector(), r.toString());
    }

    @Test
    void cpuTimeIsTheTestsOwnAndMatchesABusyLoop() {
        String code = "import time\ndef spin(seconds):\n    end = time.process_time() + seconds\n"
                + "    while time.process_time() < end:\n        pass\nspin(0.3)\n";
        ExecutionResult r = pool.execute(ExecutionRequest.of(code, List.of("spin(0.2)", "pass")));
        assertArrayEquals(new boolean[] {true, true}, r.passVector());
        double busy = r.checks().get(0).cpuSeconds();
        assertTrue(busy >= 0.19 && busy < 0.3, "busy test cpu " + busy);
        assertTrue(r.checks().get(1).cpuSeconds() < 0.02, "empty test cpu " + r.checks().get(1).cpuSeconds());
    }

    @Test
    void timingRequestReturnsOneMeasureperRound() {
        String code = "def work():\n    return sum(i * i for i in range(200000))\n";
        TimingResult t = pool.time(new TimingRequest("", code, List.of("work()", "work()"), 4, TimingClock.CPU, null));
        assertTrue(t.allPassed());
        assertEquals(4, t.rounds().length);
        for (double s : t.rounds()) {
            assertTrue(s > 0.005 && s < 2.0, "round " + s);
        }
        TimingResult failing = pool.time(new TimingRequest("", code, List.of("assert work() == 0"), 2,
                TimingClock.CPU, null));
        assertFalse(failing.allPassed());
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<ExecutionResult>> futures = new ArrayList<>();
            for (int k = 0; k < 24; k++) {
                int kk = k;
                futures.add(callers.submit(() -> pool.execute(ExecutionRequest.of(
                        "def f():\n    return " + kk + "\n",
                        List.of("assert f() == " + kk, "assert f() == " + (kk + 1))))));
            }
            for (Future<ExecutionResult> f : futures) {
                assertArrayEquals(new boolean[] {true, false}, f.get().passVector());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void randomnessIsDeterministicAndEachTestContinuesFromTheLoadedState() {
        String code = "import random\nFIRST = random.random()\n";
        List<String> tests = List.of("assert False, repr((FIRST, random.random()))",
                "assert False, repr((FIRST, random.random()))");
        ExecutionResult a = pool.execute(ExecutionRequest.of(code, tests));
        ExecutionResult b = pool.execute(ExecutionRequest.of(code, tests));
        String expected = "(0.8444218515250481, 0.7579544029403025)"; // random.seed(0): first two draws
        for (ExecutionResult r : List.of(a, b)) {
            for (CheckResult c : r.checks()) {
                assertEquals(expected, c.message());
            }
        }
    }

    @Test
    void testsThatDoNotCompileAreErrorsOfTheirOwn() {
        ExecutionResult r = pool.execute(ExecutionRequest.of("x = 1\n", List.of("assert x ==", "assert x == 1")));
        assertEquals(CheckStatus.ERROR, r.checks().get(0).status());
        assertEquals("SyntaxError", r.checks().get(0).exceptionType());
        assertTrue(r.checks().get(1).passed());
    }

    @Test
    void aPoolConfiguredWithoutIsolationSaysSo() {
        PoolConfig open = new PoolConfig(1, "python3", SandboxLimits.defaults(), false, false);
        try (PythonWorkerPool p = PythonWorkerPool.start(open)) {
            SandboxReport s = p.sandbox();
            assertFalse(s.networkIsolated());
            assertFalse(s.privilegesDropped());
            assertTrue(s.notes().contains("network isolation disabled by configuration"), s.notes());
            assertTrue(s.notes().contains("privilege drop disabled by configuration"), s.notes());
            ExecutionResult r = p.execute(ExecutionRequest.of("import os\n", List.of("assert os.getuid() == 0")));
            assertTrue(r.checks().get(0).passed(), r.toString());
        }
    }

    @Test
    void reportsTheSandboxInEffect() {
        SandboxReport s = pool.sandbox();
        assertTrue(s.networkIsolated(), s.notes());
        assertTrue(s.privilegesDropped(), s.notes());
        assertEquals(2, pool.parallelism());
    }
}
