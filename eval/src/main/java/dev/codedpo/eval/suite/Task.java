package dev.codedpo.eval.suite;

import java.util.List;

/**
 * One problem of a suite, in the form the evaluator needs.
 *
 * @param prompt            what a base model continues (HumanEval: the signature and docstring; MBPP: a docstring
 *                          holding the task text and its first test, as EvalPlus writes it); a "completion" sample
 *                          is appended to it
 * @param entryPoint        name of the function under test (null when the suite does not name one)
 * @param reference         the reference (canonical) solution as a full program, or null when the suite has none
 * @param setup             Python run before the candidate's code in the same module (e.g. MBPP's test imports)
 * @param tests             test-list suites: each test runs after the code in its own copy of the namespace
 * @param differential      "plus" suites: inputs checked against the reference's outputs instead of {@code tests}
 */
public record Task(String taskId, String prompt, String entryPoint, String reference, String setup,
                   List<String> tests, Differential differential) {
    public Task {
        setup = setup == null ? "" : setup;
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    public boolean isDifferential() {
        return differential != null;
    }

    /** The full program of a sample: a "solution" is used as is, a "completion" continues the prompt. */
    public String program(String solution, String completion) {
        return solution != null ? solution : prompt + completion;
    }
}
