package dev.codedpo.eval.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A check's verdict depends only on its own code and tests: a worker whose candidate forks as much as it may for
 * seconds must not make the other worker's honest tests fail to fork (RLIMIT_NPROC counts per uid; each worker's
 * candidates run as a uid of their own).
 */
class PythonWorkerPoolCrosstalkTest {
    /** Holds every process its quota allows for 3 s (children sleep until then; the loop keeps forking). */
    private static final String BOMB = String.join("\n",
            "import os, time",
            "end = time.monotonic() + 3",
            "while time.monotonic() < end:",
            "    try:",
            "        if os.fork() == 0:",
            "            time.sleep(max(0.0, end - time.monotonic()))",
            "            os._exit(0)",
            "    except OSError:",
            "        time.sleep(0.001)",
            "def f(x):",
            "    return x + 1",
            "");
    private static final String HONEST = "t = 7\ndef f(x):\n    return x + t\n";

    @Test
    void aForkBombInOneWorkerLeavesTheOtherWorkersChecksAlone() throws Exception {
        // 1 s per test: before uids per worker, an honest test's fork failed with EAGAIN until its deadline (crash).
        SandboxLimits limits = new SandboxLimits(1.0, 1.0, 512L << 20, 64 * 1024, 1L << 20);
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(2).withLimits(limits))) {
            assertTrue(pool.sandbox().privilegesDropped(), "this test expects root: " + pool.sandbox().notes());
            List<Integer> uids = pool.candidateUids();
            assertEquals(2, uids.size());
            assertNotEquals(uids.get(0), uids.get(1));
            List<String> tests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tests.add("assert f(" + i + ") == " + (i + 7));
            }
            SandboxLimits bombLimits = new SandboxLimits(6.0, 6.0, 512L << 20, 64 * 1024, 1L << 20);
            CompletableFuture<ExecutionResult> bomb = CompletableFuture.supplyAsync(() -> pool.execute(
                    new ExecutionRequest("", BOMB, List.of("assert f(1) == 2"), bombLimits)));
            List<ExecutionResult> honest = new ArrayList<>();
            // Honest requests go to the other worker for as long as the bomb's request runs.
            while (!bomb.isDone() || honest.isEmpty()) {
                honest.add(pool.execute(ExecutionRequest.of(HONEST, tests)));
            }
            bomb.get();
            assertTrue(honest.size() >= 2, "too few honest requests overlapped the bomb: " + honest.size());
            for (ExecutionResult r : honest) {
                assertEquals(Collections.nCopies(tests.size(), CheckStatus.PASS),
                        r.checks().stream().map(CheckResult::status).toList(), r.toString());
            }
        }
    }
}
