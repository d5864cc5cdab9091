package dev.codedpo.data.world;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import java.util.ArrayList;
import java.util.List;

/** Runs every solution of every task against the task's asserts in the sandbox; lists what fails. */
public final class SolutionCheck {
    private SolutionCheck() {}

    /** "task_id solution: status" for each solution that fails one of its task's tests; empty when all pass. */
    public static List<String> failures(CodeExecutor executor, List<WorldTask> tasks, Progress progress) {
        List<ExecutionRequest> requests = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (WorldTask t : tasks) {
            // All asserts in one check: one fork per program; a failure names the program, which is what matters.
            String asserts = String.join("\n", t.tests().stream().map(c -> c.assertion(t.entryPoint())).toList());
            for (Solution s : t.solutions()) {
                requests.add(ExecutionRequest.of(t.program(s), List.of(asserts)));
                labels.add(t.taskId() + " " + s.name());
            }
        }
        List<ExecutionResult> results = BatchRunner.run(executor, requests, progress);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ExecutionResult r = results.get(i);
            for (int j = 0; j < r.checks().size(); j++) {
                if (!r.checks().get(j).passed()) {
                    failed.add(labels.get(i) + ": " + r.checks().get(j).status() + " "
                            + r.checks().get(j).exceptionType() + " " + r.checks().get(j).message());
                    break;
                }
            }
        }
        return failed;
    }

    /** How many programs {@link #failures} runs. */
    public static int programs(List<WorldTask> tasks) {
        return tasks.stream().mapToInt(t -> t.solutions().size()).sum();
    }
}
