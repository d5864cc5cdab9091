package dev.codedpo.data.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.PythonWorkerPool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedBatchTest {
    @Test
    void eachItemGetsItsOwnLinesAndErrorsAcrossSeveralChecks() {
        List<String> programs = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        int n = 2 * TrustedBatch.SIZE + 3;
        for (int i = 0; i < n; i++) {
            // every item defines the same name: a fresh namespace each, or item i would see item i-1's f
            programs.add("def f(x):\n    return x + " + i + "\n");
            bodies.add(i % 10 == 7 ? "assert f(0) == -1\n" : i % 10 == 3 ? "" : "print(repr(f(1)))\nprint(repr('a\\nb'))\n");
        }
        programs.set(5, "def f(x):\n    return undefined_name\n");
        try (PythonWorkerPool pool = TestPool.start()) {
            List<TrustedBatch.Outcome> out = TrustedBatch.run(pool, programs, bodies, Progress.NONE);
            assertEquals(n, out.size());
            for (int i = 0; i < n; i++) {
                TrustedBatch.Outcome o = out.get(i);
                if (i == 5) {
                    assertTrue(o.error().startsWith("NameError: "), o.error());
                } else if (i % 10 == 7) {
                    assertTrue(o.error().startsWith("AssertionError"), o.error());
                    assertEquals(List.of(), o.lines());
                } else if (i % 10 == 3) {
                    assertNull(o.error());
                    assertEquals(List.of(), o.lines(), "item " + i);
                } else {
                    assertNull(o.error(), "item " + i);
                    assertEquals(List.of(String.valueOf(1 + i), "'a\\nb'"), o.lines(), "item " + i);
                }
            }
        }
    }
}
