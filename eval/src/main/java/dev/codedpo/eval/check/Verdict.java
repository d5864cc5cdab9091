package dev.codedpo.eval.check;

import dev.codedpo.eval.exec.CheckResult;
import dev.codedpo.eval.exec.CheckStatus;
import dev.codedpo.eval.exec.ExecutionResult;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sample's outcome, read from the engine's result.
 *
 * @param baseStatus pass/fail/timeout/error on the base tests (test-list suites: on all tests)
 * @param plusStatus differential suites: on base and plus inputs together (null for test-list suites)
 * @param failed     the first failing input or test, null when everything passed
 * @param cpuSeconds CPU time of the checks
 */
public record Verdict(String baseStatus, String plusStatus, FailedInput failed, double cpuSeconds) {
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String TIMEOUT = "timeout";
    public static final String ERROR = "error";

    private static final Pattern INPUT = Pattern.compile("^(base|plus) input #(\\d+)");

    /** The status that pass@k counts: plus when the suite has plus inputs, else base. */
    public String status() {
        return plusStatus != null ? plusStatus : baseStatus;
    }

    public static Verdict of(ExecutionResult r, boolean differential) {
        double cpu = r.checks().stream().mapToDouble(CheckResult::cpuSeconds).sum();
        if (r.codeStatus() != CheckStatus.PASS) {
            String s = label(r.codeStatus(), null);
            // The checks carry the load failure's message; codeException holds only the exception's name.
            String why = r.checks().isEmpty() ? r.codeException() : describe(r.checks().get(0));
            FailedInput f = new FailedInput("code", -1, why);
            return new Verdict(s, differential ? s : null, f, cpu);
        }
        List<CheckResult> checks = r.checks();
        if (differential) {
            CheckResult base = checks.get(0);
            CheckResult plus = checks.get(1);
            String b = label(base);
            String p = !base.passed() ? b : label(plus);
            CheckResult first = !base.passed() ? base : (!plus.passed() ? plus : null);
            FailedInput f = first == null ? null : inputOf(first, first == base ? "base" : "plus");
            return new Verdict(b, p, f, cpu);
        }
        for (int i = 0; i < checks.size(); i++) {
            CheckResult c = checks.get(i);
            if (!c.passed()) {
                return new Verdict(label(c), null, new FailedInput("test", i, describe(c)), cpu);
            }
        }
        return new Verdict(PASS, null, null, cpu);
    }

    static String label(CheckResult c) {
        return label(c.status(), c.exceptionType());
    }

    /** pass/fail/timeout/error; a crash counts as an error, a per-input CPU limit as a timeout. */
    static String label(CheckStatus s, String exceptionType) {
        return switch (s) {
            case PASS -> PASS;
            case FAIL -> FAIL;
            case TIMEOUT -> TIMEOUT;
            case CRASH -> ERROR;
            case ERROR -> "CodedpoInputTimeout".equals(exceptionType) ? TIMEOUT : ERROR;
        };
    }

    private static FailedInput inputOf(CheckResult c, String set) {
        String msg = c.message() == null ? "" : c.message();
        Matcher m = INPUT.matcher(msg);
        if (m.find()) {
            return new FailedInput(m.group(1), Integer.parseInt(m.group(2)), describe(c));
        }
        return new FailedInput(set, -1, describe(c));
    }

    private static String describe(CheckResult c) {
        String type = c.exceptionType();
        String msg = c.message();
        boolean ours = "CodedpoInputTimeout".equals(type) || "CodedpoInputError".equals(type);
        if ((ours || "AssertionError".equals(type)) && msg != null && !msg.isEmpty()) {
            return msg;
        }
        String head = c.status().label() + (type == null ? "" : " " + type);
        return msg == null || msg.isEmpty() ? head : head + ": " + msg;
    }
}
