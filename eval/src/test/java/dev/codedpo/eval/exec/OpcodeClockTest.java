package dev.codedpo.eval.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The opcodes clock counts exactly the bytecode the tests execute: the same count in every round and every request,
 * the same as a fresh interpreter running the script with its own trace hook (the naive executor), and linear in the
 * work (a loop of 3n iterations costs three times the loop of n beyond the fixed part).
 */
class OpcodeClockTest {
    private static final String LOOP = "def f(n):\n    t = 0\n    for i in range(n):\n        t += i * i\n"
            + "    return t\n";
    private static PythonWorkerPool pool;
    private static NaiveSubprocessExecutor naive;

    @BeforeAll
    static void start() {
        pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(1));
        naive = new NaiveSubprocessExecutor("python3", SandboxLimits.defaults(), 1);
    }

    @AfterAll
    static void stop() {
        pool.close();
        naive.close();
    }

    private static TimingResult count(CodeExecutor executor, String code, List<String> tests, int repeats) {
        return executor.time(new TimingRequest("", code, tests, repeats, TimingClock.OPCODES, null));
    }

    @Test
    void everyRoundAndEveryRequestCountsTheSame() {
        List<String> tests = List.of("assert f(200) == sum(i * i for i in range(200))", "f(50)");
        TimingResult a = count(pool, LOOP, tests, 3);
        TimingResult b = count(pool, LOOP, tests, 2);
        assertTrue(a.allPassed() && b.allPassed());
        double n = a.rounds()[0];
        assertTrue(n > 1000, "a 250-iteration loop plus a generator of 200 counted " + n);
        assertArrayEquals(new double[] {n, n, n}, a.rounds());
        assertArrayEquals(new double[] {n, n}, b.rounds());
    }

    @Test
    void countsWhatAFreshInterpreterWithATraceHookCounts() {
        String helpers = "def g(x):\n    return sorted(x, key=lambda v: -v)\n"
                + "def h(n):\n    return 1 if n < 2 else h(n - 1) + h(n - 2)\n"
                + "class C:\n    def __init__(self):\n        self.v = [i for i in range(30)]\n";
        List<String> tests = List.of("assert g([3, 1, 2]) == [3, 2, 1]", "assert h(12) == 233",
                "assert sum(C().v) == 435", "x = {k: k * 2 for k in 'abcdef'}");
        TimingResult worker = count(pool, helpers, tests, 1);
        TimingResult fresh = count(naive, helpers, tests, 1);
        assertTrue(worker.allPassed() && fresh.allPassed());
        assertTrue(worker.rounds()[0] > 0);
        assertEquals(fresh.rounds()[0], worker.rounds()[0], "the worker counted other opcodes than a fresh script");
    }

    @Test
    void theCountIsLinearInTheWork() {
        double zero = count(pool, LOOP, List.of("f(0)"), 1).rounds()[0];
        double one = count(pool, LOOP, List.of("f(100)"), 1).rounds()[0];
        double three = count(pool, LOOP, List.of("f(300)"), 1).rounds()[0];
        assertTrue(one > zero);
        assertEquals(3 * (one - zero), three - zero, 0.0);
    }

    @Test
    void aTestThatPassesItsCheckAtTheRecursionLimitAlsoPassesItsTimedRounds() {
        String code = "import sys\nsys.setrecursionlimit(60)\ndef r(n):\n    return 0 if n == 0 else 1 + r(n - 1)\n";
        List<String> tests = new java.util.ArrayList<>();
        for (int n = 40; n <= 70; n++) {
            tests.add("assert r(" + n + ") == " + n);
        }
        ExecutionResult checks = pool.execute(new ExecutionRequest("", code, tests, null));
        int deepest = -1;
        for (int i = 0; i < tests.size(); i++) {
            if (checks.checks().get(i).passed()) {
                deepest = i;
            }
        }
        assertTrue(deepest >= 0 && deepest < tests.size() - 1, "the limit lies inside 40..70: " + checks);
        for (TimingClock clock : TimingClock.values()) {
            TimingResult at = pool.time(new TimingRequest("", code, List.of(tests.get(deepest)), 2, clock, null));
            TimingResult past = pool.time(new TimingRequest("", code, List.of(tests.get(deepest + 1)), 2, clock, null));
            assertTrue(at.allPassed(), clock + ": " + tests.get(deepest) + " passed its check but not its rounds");
            assertFalse(past.allPassed(), clock + ": " + tests.get(deepest + 1) + " failed its check but not its rounds");
        }
    }

    @Test
    void aFailingTestFailsTheTiming() {
        TimingResult t = count(pool, LOOP, List.of("assert f(3) == 6"), 1);
        assertFalse(t.allPassed());
    }

    @Test
    void timingClockLabelsRoundTrip() {
        for (TimingClock c : TimingClock.values()) {
            assertEquals(c, TimingClock.parse(c.label()));
        }
        assertTrue(TimingClock.CPU.noisy());
        assertFalse(TimingClock.OPCODES.noisy());
    }
}
