package dev.codedpo.eval.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile candidates. Each must get its exact outcome, never count as a pass, leave no process of its pool's
 * candidate uids behind, and leave the pool able to pass a normal check submitted right after it.
 */
class PythonWorkerPoolSandboxTest {
    private static final SandboxLimits LIMITS =
            new SandboxLimits(1.0, 1.0, 512L << 20, 64 * 1024, 1L << 20);
    private static PythonWorkerPool pool;

    @BeforeAll
    static void start() {
        pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(2).withLimits(LIMITS));
        assertTrue(pool.sandbox().privilegesDropped(), "these tests expect root: " + pool.sandbox().notes());
    }

    @AfterAll
    static void stop() {
        pool.close();
        assertEquals(0, ProcessCensus.descendants(), "processes left after close()");
    }

    /** A hostile test body (run against a harmless code) and what it must produce. */
    static Stream<Arguments> hostileTests() {
        return Stream.of(
                Arguments.of("infinite loop", "while True:\n    pass", CheckStatus.TIMEOUT, null),
                Arguments.of("sleep", "import time\ntime.sleep(30)", CheckStatus.TIMEOUT, null),
                Arguments.of("memory hog", "x = bytearray(1 << 30)", CheckStatus.ERROR, "MemoryError"),
                Arguments.of("fork bomb", "import os\nwhile True:\n    os.fork()", CheckStatus.ERROR,
                        "BlockingIOError"),
                Arguments.of("subprocess", "import subprocess\nsubprocess.run(['true'])", CheckStatus.ERROR,
                        "BlockingIOError"),
                Arguments.of("os._exit(0)", "import os\nos._exit(0)", CheckStatus.CRASH, null),
                Arguments.of("sys.exit(0)", "import sys\nsys.exit(0)", CheckStatus.ERROR, "SystemExit"),
                Arguments.of("raise SystemExit", "raise SystemExit", CheckStatus.ERROR, "SystemExit"),
                Arguments.of("kill parent", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
                        + "import time\ntime.sleep(0.2)", CheckStatus.CRASH, null),
                Arguments.of("kill process group", "import os, signal\nos.killpg(0, signal.SIGKILL)",
                        CheckStatus.CRASH, null),
                Arguments.of("close every fd", "import os\nos.closerange(0, 4096)", CheckStatus.CRASH, null),
                Arguments.of("forge results on every fd", "import os\nfor fd in range(3, 64):\n    try:\n"
                        + "        os.write(fd, b'{\"s\": \"pass\"}\\n{\"t\": \"exec\"}\\n')\n"
                        + "    except OSError:\n        pass\nos._exit(0)", CheckStatus.CRASH, null),
                Arguments.of("write outside the workdir", "open('/tmp/codedpo-escape', 'w').write('x')",
                        CheckStatus.ERROR, "PermissionError"),
                Arguments.of("write into /etc", "open('/etc/codedpo-escape', 'w').write('x')",
                        CheckStatus.ERROR, "PermissionError"),
                Arguments.of("file size limit", "open('big.bin', 'wb').write(b'x' * (4 << 20))",
                        CheckStatus.ERROR, "OSError"),
                Arguments.of("network", "import socket\ns = socket.create_connection(('1.1.1.1', 80), timeout=0.5)",
                        CheckStatus.ERROR, "OSError"),
                Arguments.of("segfault", "import ctypes\nctypes.string_at(0)", CheckStatus.CRASH, null),
                Arguments.of("delete the workdir", "import os, shutil\nshutil.rmtree(os.getcwd())",
                        CheckStatus.ERROR, "PermissionError"),
                Arguments.of("setuid back to root", "import os\nos.setuid(0)", CheckStatus.ERROR,
                        "PermissionError"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTests")
    void hostileTestGetsItsOutcomeAndHarmsNothing(String name, String test, CheckStatus expected, String type) {
        ExecutionResult r = pool.execute(ExecutionRequest.of("def ok():\n    return 1\n",
                List.of("assert ok() == 1", test, "assert ok() == 1")));
        assertEquals(CheckStatus.PASS, r.codeStatus(), name);
        assertEquals(expected, r.checks().get(1).status(), name + ": " + r.checks().get(1));
        if (type != null) {
            assertEquals(type, r.checks().get(1).exceptionType(), name + ": " + r.checks().get(1));
        }
        assertTrue(r.checks().get(0).passed() && r.checks().get(2).passed(), name + " harmed its neighbours: " + r);
        assertNoCandidateProcesses(name);
        assertNormalCheckPasses(name);
    }

    /** The same hostile bodies at module level: every check gets the code's outcome, none passes. */
    static Stream<Arguments> hostileCodes() {
        return Stream.of(
                Arguments.of("infinite loop", "while True:\n    pass", CheckStatus.TIMEOUT, null),
                Arguments.of("sleep", "import time\ntime.sleep(30)", CheckStatus.TIMEOUT, null),
                Arguments.of("memory hog", "x = bytearray(1 << 30)", CheckStatus.ERROR, "MemoryError"),
                Arguments.of("os._exit(0)", "import os\nos._exit(0)", CheckStatus.CRASH, null),
                Arguments.of("sys.exit(0)", "import sys\nsys.exit(0)", CheckStatus.ERROR, "SystemExit"),
                Arguments.of("kill the worker", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
                        CheckStatus.ERROR, "PermissionError"),
                Arguments.of("close every fd", "import os\nos.closerange(0, 4096)", CheckStatus.CRASH, null),
                Arguments.of("segfault", "import ctypes\nctypes.string_at(0)", CheckStatus.CRASH, null),
                Arguments.of("fork bomb", "import os\nwhile True:\n    try:\n        os.fork()\n"
                        + "    except OSError:\n        pass", CheckStatus.TIMEOUT, null),
                // Garbage (and fake protocol lines) on every fd the code process holds: ignored, the code is fine.
                Arguments.of("write garbage to every fd", "import os\nfor fd in range(64):\n    try:\n"
                        + "        os.write(fd, b'garbage\\n{\"t\": \"done\"}\\n{\"t\": \"r\", \"i\": 0, \"s\": \"pass\"}\\n')\n"
                        + "    except OSError:\n        pass", CheckStatus.PASS, null),
                // Loads fine, but leaves a child in its own session that outlives the request unless swept.
                Arguments.of("escape the process group", "import os, time\nif os.fork() == 0:\n    os.setsid()\n"
                        + "    time.sleep(60)\n    os._exit(0)", CheckStatus.PASS, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCodes")
    void hostileCodeFailsEveryCheckAndHarmsNothing(String name, String code, CheckStatus expected, String type) {
        ExecutionResult r = pool.execute(ExecutionRequest.of(code + "\ndef ok():\n    return 1\n",
                List.of("assert ok() == 1", "pass")));
        assertEquals(expected, r.codeStatus(), name + ": " + r);
        for (CheckResult c : r.checks()) {
            assertEquals(expected, c.status(), name);
            if (type != null) {
                assertEquals(type, c.exceptionType(), name);
            }
        }
        assertNoCandidateProcesses(name);
        assertNormalCheckPasses(name);
    }

    @Test
    void forgedPassLinesFromTheCodeProcessNeverTurnFailuresIntoPasses() {
        String forge = "import os\nfor fd in range(64):\n    try:\n        os.write(fd, b'{\"t\": \"r\", \"i\": 0, "
                + "\"s\": \"pass\"}\\n{\"t\": \"r\", \"i\": 1, \"s\": \"pass\"}\\n{\"t\": \"done\"}\\n')\n"
                + "    except OSError:\n        pass\n";
        ExecutionResult r = pool.execute(ExecutionRequest.of(forge, List.of("assert False", "raise ValueError")));
        assertEquals(List.of(CheckStatus.FAIL, CheckStatus.ERROR),
                r.checks().stream().map(CheckResult::status).toList(), r.toString());
    }

    /**
     * Output thousands of times the cap is discarded as fast as it is written. Sized for slow machines: 256 MiB and
     * 64 MiB (4,096 and 1,024 times the cap) within a generous limit; a harness that stopped reading would still
     * stall the writer until that limit and fail.
     */
    @Test
    void printingFarPastTheCapNeitherStallsNorReachesOurStdout() {
        SandboxLimits roomy = LIMITS.withTimeout(120.0);
        ExecutionResult r = pool.execute(new ExecutionRequest("", "import sys\n", List.of(
                "for _ in range(256):\n    sys.stdout.write('x' * (1 << 20))\n    sys.stderr.write('y' * 1024)",
                "import os\nfor _ in range(64):\n    os.write(1, b'z' * (1 << 20))"), roomy));
        assertArrayEquals(new boolean[] {true, true}, r.passVector(), r.toString().substring(0, 300));
        for (CheckResult c : r.checks()) {
            assertEquals(LIMITS.maxOutputBytes(), c.output().length());
            assertTrue(c.outputTruncated());
        }
        assertEquals('z', r.checks().get(1).output().charAt(0));
        assertNormalCheckPasses("print");
    }

    @Test
    void cpuLimitEndsABusyTestBeforeItsWallClockLimit() {
        SandboxLimits cpuBound = new SandboxLimits(10.0, 1.0, 512L << 20, 64 * 1024, 1L << 20);
        long t0 = System.nanoTime();
        ExecutionResult r = pool.execute(new ExecutionRequest("", "", List.of("while True:\n    pass"), cpuBound));
        double wall = (System.nanoTime() - t0) / 1e9;
        assertEquals(CheckStatus.TIMEOUT, r.checks().get(0).status());
        assertEquals("CPU limit reached", r.checks().get(0).message());
        assertTrue(wall < 9.0, "ended by the CPU limit, not the 10 s wall clock: " + wall);
    }

    @Test
    void candidatesRunAsTheirWorkersOwnUidInAFreshEmptyWorkdirWithAScrubbedEnvironment() {
        String probe = "import os\nWHERE = os.getcwd()\nFILES = os.listdir('.')\nopen('mark', 'w').write('1')\n";
        List<Integer> uids = pool.candidateUids();
        assertEquals(2, uids.size(), "one uid per worker");
        assertEquals(2, uids.stream().distinct().count(), "one uid per worker");
        for (int uid : uids) {
            assertTrue(pool.config().uids().contains(uid), uid + " outside " + pool.config().uids());
        }
        ExecutionResult first = pool.execute(ExecutionRequest.of(probe, List.of(
                "assert os.getuid() in " + uids + " and os.getgid() == os.getuid() and os.getgroups() == [], "
                        + "(os.getuid(), os.getgid(), os.getgroups())",
                "import pwd\ntry:\n    pwd.getpwuid(os.getuid())\n    assert False, 'uid has an account'\n"
                        + "except KeyError:\n    pass",
                "assert FILES == [], FILES",
                "assert sorted(os.environ) == ['HOME', 'LANG', 'PATH', 'PYTHONHASHSEED', 'TMPDIR'], "
                        + "sorted(os.environ)",
                "assert os.environ['HOME'] == WHERE == os.environ['TMPDIR']",
                "import tempfile\nassert tempfile.gettempdir() == WHERE",
                "assert False, WHERE")));
        assertArrayEquals(new boolean[] {true, true, true, true, true, true, false}, first.passVector(),
                first.toString());
        String firstDir = first.checks().get(6).message();
        ExecutionResult second = pool.execute(ExecutionRequest.of(probe, List.of(
                "assert not os.path.exists(" + pyString(firstDir) + ")",
                "assert FILES == []",
                "assert False, WHERE")));
        assertArrayEquals(new boolean[] {true, true, false}, second.passVector(), second.toString());
        assertNotEquals(firstDir, second.checks().get(2).message());
        assertFalse(Files.exists(Path.of("/tmp/codedpo-escape")));
        assertFalse(Files.exists(Path.of("/etc/codedpo-escape")));
    }

    @Test
    void aWorkerKilledUnderARequestIsReplacedAndTheRequestReportsCrash() throws Exception {
        List<Integer> uids;
        try (PythonWorkerPool single = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(1).withLimits(LIMITS))) {
            uids = single.candidateUids();
            long worker = single.workerPids().get(0);
            Thread killer = new Thread(() -> {
                sleepQuietly(300);
                ProcessHandle.of(worker).ifPresent(ProcessHandle::destroyForcibly);
            });
            killer.start();
            SandboxLimits slow = LIMITS.withTimeout(5.0);
            ExecutionResult r = single.execute(new ExecutionRequest("", "import time\n",
                    List.of("time.sleep(3)", "pass"), slow));
            killer.join();
            assertEquals(List.of(CheckStatus.CRASH, CheckStatus.CRASH),
                    r.checks().stream().map(CheckResult::status).toList(), r.toString());
            assertEquals(1, single.replacedWorkers());
            assertNotEquals(worker, single.workerPids().get(0));
            assertEquals(uids, single.candidateUids(), "the replacement keeps the dead worker's uid");
            ExecutionResult after = single.execute(ExecutionRequest.of("x = 1\n", List.of("assert x == 1")));
            assertTrue(after.checks().get(0).passed(), after.toString());
        }
        assertEquals(1, uids.size());
        assertEquals(List.of(), ProcessCensus.descendantsOwnedBy(uids), "killed worker left processes behind");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Only this pool's candidates: its own uids, below this JVM (other pools on the machine do not count). */
    private static void assertNoCandidateProcesses(String name) {
        List<Integer> uids = pool.candidateUids();
        assertEquals(2, uids.size(), "the pool's candidate uids");
        assertEquals(List.of(), ProcessCensus.descendantsOwnedBy(uids),
                name + " left processes of the pool's candidate uids " + uids + " behind");
    }

    private static void assertNormalCheckPasses(String after) {
        ExecutionResult r = pool.execute(ExecutionRequest.of("def add(a, b):\n    return a + b\n",
                List.of("assert add(2, 3) == 5")));
        assertTrue(r.checks().get(0).passed(), "normal check after " + after + ": " + r);
    }
}
