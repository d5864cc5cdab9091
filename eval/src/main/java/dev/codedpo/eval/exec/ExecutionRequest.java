package dev.codedpo.eval.exec;

import java.util.List;

/**
 * Run {@code setup} then {@code code} as one module, then each test in its own copy of that namespace.
 *
 * @param setup  optional Python run before the code (may be empty)
 * @param limits limits for this request; null means the executor's defaults
 */
public record ExecutionRequest(String setup, String code, List<String> tests, SandboxLimits limits) {
    public ExecutionRequest {
        setup = setup == null ? "" : setup;
        tests = List.copyOf(tests);
    }

    public static ExecutionRequest of(String code, List<String> tests) {
        return new ExecutionRequest("", code, tests, null);
    }
}
