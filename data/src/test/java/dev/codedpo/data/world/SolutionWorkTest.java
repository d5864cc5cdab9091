package dev.codedpo.data.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.eval.exec.CheckResult;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import dev.codedpo.eval.exec.PythonWorkerPool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alternative solutions really do more work than the reference, measured by counting (bytecodes executed plus
 * operations on the input's elements, see work_count.py), never by a clock: more of it on a large input, and for the
 * higher-order idioms a ratio that grows with the input.
 */
class SolutionWorkTest {
    static PythonWorkerPool pool;
    static String harness;

    @BeforeAll
    static void start() throws IOException {
        pool = TestPool.start();
        try (InputStream in = SolutionWorkTest.class.getResourceAsStream("work_count.py")) {
            harness = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    /** One task per (kind, aggregation) with a filter and a counted mapping: every alternative idiom occurs. */
    static List<TaskSpec> tasks() {
        Map<String, TaskSpec> pick = new LinkedHashMap<>();
        for (TaskSpec t : TaskCatalog.all()) {
            boolean counted = !t.mapping().family().equals("length");
            boolean rich = !t.filter().keepsAll() && (!t.mapping().isIdentity() || !t.aggregation().usesMap());
            // Weak filters keep most elements, so the large input stays large after filtering.
            boolean broad = List.of("even", "odd", "letter", "not_space", "longer_than").contains(t.filter().family());
            if (counted && rich && broad) {
                pick.putIfAbsent(t.kind() + "/" + t.aggregation().family(), t);
            }
        }
        return List.copyOf(pick.values());
    }

    /** Work of each solution of {@code t} on one large input. */
    static List<Long> work(TaskSpec t, List<Solution> solutions, String input) {
        List<Long> out = new ArrayList<>();
        for (Solution s : solutions) {
            String code = PromptWriter.signature(t) + s.body();
            ExecutionResult r = pool.execute(ExecutionRequest.of(code,
                    List.of(harness + "\nprint(_work(" + t.entryPoint() + ", " + input + "))\n")));
            CheckResult c = r.checks().get(0);
            assertTrue(c.passed(), t.entryPoint() + " " + s.name() + ": " + c.status() + " " + c.message());
            out.add(Long.parseLong(c.output().strip()));
        }
        return out;
    }

    @Test
    void everyAlternativeDoesMeasurablyMoreWorkAndHigherOrderOnesGrowFaster() {
        List<TaskSpec> tasks = tasks();
        assertTrue(tasks.size() >= 15, "tasks: " + tasks.size());
        Map<String, Integer> seen = new LinkedHashMap<>();
        StringBuilder report = new StringBuilder();
        List<String> failures = new ArrayList<>();
        for (TaskSpec t : tasks) {
            List<Solution> sols = Solutions.of(t);
            Random r = new Random(11);
            String small = InputGenerator.large(t.kind(), 150, r);
            String big = InputGenerator.large(t.kind(), 600, r);
            List<Long> w1 = work(t, sols, small);
            List<Long> w4 = work(t, sols, big);
            for (int i = 1; i < sols.size(); i++) {
                Solution s = sols.get(i);
                double ratio = (double) w4.get(i) / w4.get(0);
                double growth = ((double) w4.get(i) / w1.get(i)) / ((double) w4.get(0) / w1.get(0));
                report.append(String.format("%s %s: %.2fx, growth %.2f%n", t.entryPoint(), s.name(), ratio, growth));
                String what = t.entryPoint() + " " + s.name() + String.format(": %.2fx, growth %.2f", ratio, growth);
                // A 4x larger input multiplies the ratio to the reference by about 1 (same order), log(600)/log(150)
                // = 1.28 diluted by the linear part (n log n), or 4 diluted likewise and by repeated values (n^2).
                boolean ok = ratio >= 1.1 && switch (s.growth()) {
                    case CONSTANT_FACTOR -> growth < 1.05;
                    case LINEARITHMIC -> growth >= 1.02 && growth < 1.4;
                    case QUADRATIC -> growth >= 1.6;
                    case REFERENCE -> false;
                };
                if (!ok) {
                    failures.add(what);
                }
                seen.merge(s.name(), 1, Integer::sum);
            }
        }
        System.out.print(report);
        assertEquals(List.of(), failures);
        for (String idiom : List.of("loop", "two_pass", "sort_for_max", "sort_for_min", "list_membership",
                "sort_in_loop", "repeated_concat", "repeated_concat_spaced")) {
            assertTrue(seen.containsKey(idiom), "no task exercised " + idiom + ": " + seen);
        }
        assertEquals(Solution.Growth.REFERENCE, Solutions.of(tasks.get(0)).get(0).growth());
    }
}
