package dev.codedpo.data.report;

import dev.codedpo.eval.run.EvalSummary;
import java.util.Map;
import java.util.Optional;

/**
 * One suite's evaluations before and after training; either side may be missing (its stage not run).
 *
 * @param suite the suite's folder name under eval-before/ and eval-after/
 */
public record SuiteResult(String suite, EvalSummary before, EvalSummary after) {
    public static final String BASE = "base";
    public static final String PLUS = "plus";

    public Optional<Double> before(String tests) {
        return passAt1(before, tests);
    }

    public Optional<Double> after(String tests) {
        return passAt1(after, tests);
    }

    /** after - before, when both were measured. */
    public Optional<Double> difference(String tests) {
        Optional<Double> b = before(tests);
        Optional<Double> a = after(tests);
        return b.isPresent() && a.isPresent() ? Optional.of(a.get() - b.get()) : Optional.empty();
    }

    /** Whether either side has plus tests (an EvalPlus suite or a custom suite with differential tasks). */
    public boolean hasPlus() {
        return before(PLUS).isPresent() || after(PLUS).isPresent();
    }

    private static Optional<Double> passAt1(EvalSummary s, String tests) {
        if (s == null) {
            return Optional.empty();
        }
        Map<String, Double> row = s.passAtK().get(tests);
        return row == null ? Optional.empty() : Optional.ofNullable(row.get("pass@1"));
    }
}
