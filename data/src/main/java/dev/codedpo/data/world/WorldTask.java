package dev.codedpo.data.world;

import java.util.List;

/**
 * A finished task.
 *
 * @param taskId    world-train/N or world-heldout/N
 * @param heldOut   whether it belongs to the held-out split
 * @param prompt    signature and docstring (HumanEval style), ending with a newline
 * @param solutions reference first; each body continues the prompt
 * @param tests     edge cases first; outputs are the reference's
 */
public record WorldTask(String taskId, boolean heldOut, TaskSpec spec, String prompt, List<Solution> solutions,
                        List<TestCase> tests) {
    public WorldTask {
        solutions = List.copyOf(solutions);
        tests = List.copyOf(tests);
    }

    public String entryPoint() {
        return spec.entryPoint();
    }

    public Solution reference() {
        return solutions.get(0);
    }

    /** A whole program: the prompt and a solution's body. */
    public String program(Solution s) {
        return prompt + s.body();
    }
}
