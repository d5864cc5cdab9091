package dev.codedpo.eval.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A timed round measures the code's own work, not what its fork costs: codes identical up to a header that changes
 * only the fork's copy-on-write faults get no efficiency pair, while a code doing 3x the work still loses to them.
 * Only the pair decisions are compared (the rule of `codedpo pairs`: medians at least 1.2x apart and timings that do
 * not overlap), so the test holds on a loaded or slow machine.
 */
class TimingRoundsTest {
    private static final double MIN_SPEEDUP = 1.2;
    /** The tests scan a list of 20,000 strings the code built while loading: ~350 pages shared with the fork. */
    private static final String DATA = "DATA = [str(i) for i in range(20000)]\n";
    private static final String BODY = "def f():\n    return max(DATA) + max(DATA) + max(DATA) + max(DATA)\n";
    private static final String SLOW_BODY = "def f():\n    return (max(DATA) + max(DATA) + max(DATA) + max(DATA))"
            + " if max(DATA) + max(DATA) + max(DATA) + max(DATA) + max(DATA) + max(DATA) + max(DATA) + max(DATA)"
            + " else None\n";
    private static final List<String> TESTS = List.of("assert f() == '9999' * 4", "assert f() == '9999' * 4");

    @Test
    void headersThatOnlyChangeForkCostsGiveNoPairWhileRealWorkDoes() {
        Map<String, String> identical = new LinkedHashMap<>();
        identical.put("plain", DATA + BODY);
        // Touches every string in each fork before the tests run, as threading's at-fork handler touches its own
        // state: under the old rounds the tests then met no copy-on-write faults, and ran ~4x faster.
        identical.put("at-fork touch", "import os\nos.register_at_fork(after_in_child=lambda: DATA.copy())\n"
                + DATA + BODY);
        identical.put("import threading", "import threading\n" + DATA + BODY);
        identical.put("joined thread", "import threading\nt = threading.Thread(target=lambda: None)\nt.start()\n"
                + "t.join()\n" + DATA + BODY);
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(1))) {
            // The first timing of a fresh pool can run on cold caches and a slow clock (a fresh clone's verify once
            // timed "plain" 1.8x slower than the identical codes after it): warm up before measuring.
            time(pool, DATA + BODY);
            Map<String, TimingResult> times = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : identical.entrySet()) {
                times.put(e.getKey(), time(pool, e.getValue()));
            }
            TimingResult slow = time(pool, DATA + SLOW_BODY);
            StringBuilder all = new StringBuilder();
            times.forEach((k, t) -> all.append(k).append(": ").append(Arrays.toString(t.rounds())).append('\n'));
            all.append("3x work: ").append(Arrays.toString(slow.rounds()));
            for (Map.Entry<String, TimingResult> a : times.entrySet()) {
                for (Map.Entry<String, TimingResult> b : times.entrySet()) {
                    if (a != b) {
                        assertFalse(clearlyFaster(a.getValue(), b.getValue()),
                                a.getKey() + " paired as faster than " + b.getKey() + ":\n" + all);
                    }
                }
                assertTrue(clearlyFaster(a.getValue(), slow), a.getKey() + " not paired against 3x the work:\n" + all);
            }
        }
    }

    private static TimingResult time(PythonWorkerPool pool, String code) {
        TimingResult t = pool.time(new TimingRequest("", code, TESTS, 7, TimingClock.CPU, null));
        assertTrue(t.allPassed(), code);
        return t;
    }

    /** EfficiencyPairSelector's rule (data module), restated. */
    private static boolean clearlyFaster(TimingResult fast, TimingResult slow) {
        return slow.median() >= MIN_SPEEDUP * fast.median() && fast.max() < slow.min();
    }
}
