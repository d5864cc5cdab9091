package dev.codedpo.eval.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Captured stdout+stderr: exact text per test, the byte cap, and which output belongs to whom. */
class PythonWorkerPoolOutputTest {
    private static final SandboxLimits LIMITS = SandboxLimits.defaults().withTimeout(3.0);
    private static PythonWorkerPool pool;

    @BeforeAll
    static void start() {
        pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(2).withLimits(LIMITS));
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static SandboxLimits withOutputCap(long bytes) {
        return new SandboxLimits(LIMITS.timeoutSeconds(), LIMITS.cpuSeconds(), LIMITS.memoryBytes(), bytes,
                LIMITS.maxFileBytes());
    }

    @Test
    void eachTestGetsExactlyWhatItPrintedOnStdoutAndStderr() {
        ExecutionResult r = pool.execute(ExecutionRequest.of("def f():\n    return 1\n", List.of(
                "print(\"hello\")",
                "assert f() == 1",
                "import sys\nprint('to stderr', file=sys.stderr)",
                "import os\nos.write(1, b'raw fd write\\n')",
                "print('before failing')\nassert f() == 2, 'nope'",
                "print('caf\\u00e9 \\u2603')")));
        assertArrayEquals(new boolean[] {true, true, true, true, false, true}, r.passVector(), r.toString());
        List<String> outputs = r.checks().stream().map(CheckResult::output).toList();
        assertEquals(List.of("hello\n", "", "to stderr\n", "raw fd write\n", "before failing\n", "café ☃\n"),
                outputs);
        assertEquals("nope", r.checks().get(4).message());
        assertTrue(r.checks().stream().noneMatch(CheckResult::outputTruncated), r.toString());
    }

    @Test
    void moduleLevelOutputGoesToTheCodeResultNotToTheTests() {
        String code = "import sys\nprint('loading')\nprint('warn', file=sys.stderr)\ndef f():\n    return 1\n";
        ExecutionResult r = pool.execute(ExecutionRequest.of(code, List.of("assert f() == 1", "print('mine')")));
        assertEquals(CheckStatus.PASS, r.codeStatus());
        // One pipe for both streams; stdout is block-buffered and flushed after the module ran, stderr is not.
        assertEquals("warn\nloading\n", r.codeOutput());
        assertFalse(r.codeOutputTruncated());
        assertEquals(List.of("", "mine\n"), r.checks().stream().map(CheckResult::output).toList());
    }

    @Test
    void aCodeThatFailsToLoadKeepsWhatItPrintedAndItsChecksHaveNoOutput() {
        ExecutionResult r = pool.execute(ExecutionRequest.of("print('half way')\nraise ValueError('bad')\n",
                List.of("pass", "print('never')")));
        assertEquals(CheckStatus.ERROR, r.codeStatus());
        assertEquals("ValueError", r.codeException());
        assertEquals("half way\n", r.codeOutput());
        for (CheckResult c : r.checks()) {
            assertEquals(CheckStatus.ERROR, c.status());
            assertNull(c.output(), "a test that never ran has no output");
        }
    }

    @Test
    void oneTestsOutputNeverAppearsInAnothers() {
        // Unflushed text in one test's buffer must not leak into the next fork, nor the module's into any test.
        ExecutionResult r = pool.execute(ExecutionRequest.of("import sys\nsys.stdout.write('module ')\n", List.of(
                "import sys\nsys.stdout.write('first')",
                "import sys\nsys.stdout.write('second')\nsys.stdout.flush()",
                "pass",
                "print('fourth')")));
        assertEquals("module ", r.codeOutput());
        assertEquals(List.of("first", "second", "", "fourth\n"),
                r.checks().stream().map(CheckResult::output).toList());
    }

    @Test
    void printingAGigabyteKeepsExactlyTheCapAndTheNextCheckIsUnharmed() {
        SandboxLimits roomy = LIMITS.withTimeout(20.0);
        ExecutionResult r = pool.execute(new ExecutionRequest("", "def f():\n    return 1\n", List.of(
                "s = 'x' * (1 << 20)\nfor _ in range(1024):\n    print(s, end='')",
                "print('after')\nassert f() == 1"), roomy));
        assertArrayEquals(new boolean[] {true, true}, r.passVector(), r.toString().substring(0, 300));
        CheckResult big = r.checks().get(0);
        assertEquals(roomy.maxOutputBytes(), big.output().length());
        assertEquals("x".repeat((int) roomy.maxOutputBytes()), big.output());
        assertTrue(big.outputTruncated());
        assertEquals("after\n", r.checks().get(1).output());
        assertFalse(r.checks().get(1).outputTruncated());
    }

    @Test
    void aGigabyteAtModuleLevelIsCappedAndTheTestsStillRun() {
        SandboxLimits roomy = LIMITS.withTimeout(20.0);
        ExecutionResult r = pool.execute(new ExecutionRequest("",
                "import os\nfor _ in range(1024):\n    os.write(2, b'e' * (1 << 20))\n", List.of("print('ok')"),
                roomy));
        assertEquals(CheckStatus.PASS, r.codeStatus());
        assertEquals("e".repeat((int) roomy.maxOutputBytes()), r.codeOutput());
        assertTrue(r.codeOutputTruncated());
        assertEquals("ok\n", r.checks().get(0).output());
        assertTrue(r.checks().get(0).passed());
    }

    @Test
    void theCapCountsBytesAndTruncatedMeansSomethingWasDropped() {
        ExecutionResult r = pool.execute(new ExecutionRequest("", "", List.of(
                "print('x' * 9)",           // 10 bytes with the newline: exactly the cap
                "print('x' * 10)",          // 11 bytes: one dropped
                "print('\\u00e9\\u00e9')"), // c3 a9 c3 a9 0a: the cut falls inside the second character
                withOutputCap(10)));
        assertEquals("xxxxxxxxx\n", r.checks().get(0).output());
        assertFalse(r.checks().get(0).outputTruncated());
        assertEquals("xxxxxxxxxx", r.checks().get(1).output());
        assertTrue(r.checks().get(1).outputTruncated());
        ExecutionResult cut = pool.execute(new ExecutionRequest("", "", List.of("print('\\u00e9\\u00e9')"),
                withOutputCap(3)));
        assertEquals("é\uFFFD", cut.checks().get(0).output());
        assertTrue(cut.checks().get(0).outputTruncated());
    }

    @Test
    void aTestKilledAtItsDeadlineKeepsWhatItHadWritten() {
        ExecutionResult r = pool.execute(new ExecutionRequest("", "", List.of(
                "print('started', flush=True)\nwhile True:\n    pass", "print('next')"), LIMITS.withTimeout(1.0)));
        assertEquals(CheckStatus.TIMEOUT, r.checks().get(0).status());
        assertEquals("started\n", r.checks().get(0).output());
        assertEquals("next\n", r.checks().get(1).output());
    }

    @Test
    void timingRequestsStillPassWhenTheTestsPrint() {
        TimingResult t = pool.time(new TimingRequest("", "def f():\n    print('x' * 100000)\n",
                List.of("f()", "f()"), 3, TimingClock.CPU, null));
        assertTrue(t.allPassed());
        assertEquals(3, t.rounds().length);
    }

    @Test
    void theFourArgumentConstructorsMeanNothingWasCaptured() {
        CheckResult c = new CheckResult(CheckStatus.PASS, null, null, 0.0);
        assertNull(c.output());
        assertFalse(c.outputTruncated());
        ExecutionResult e = new ExecutionResult(CheckStatus.PASS, null, List.of(c));
        assertNull(e.codeOutput());
        assertFalse(e.codeOutputTruncated());
    }
}
