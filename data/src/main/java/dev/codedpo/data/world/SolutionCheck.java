package dev.codedpo.data.world;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.CodeExecutor;
import java.util.ArrayList;
import java.util.List;

/** Runs every solution of every task against the task's asserts in the sandboxed executor; lists what fails. */
public final class SolutionCheck {
    private SolutionCheck() {}

    /** "task_id solution: error" for each solution that fails one of its task's tests; empty when all pass. */
    public static List<String> failures(CodeExecutor executor, List<WorldTask> tasks, Progress progress) {
        List<String> programs = new ArrayList<>();
        List<String> asserts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (WorldTask t : tasks) {
            String all = String.join("\n", t.tests().stream().map(c -> c.assertion(t.entryPoint())).toList()) + "\n";
            for (Solution s : t.solutions()) {
                programs.add(t.program(s));
                asserts.add(all);
                labels.add(t.taskId() + " " + s.name());
            }
        }
        List<TrustedBatch.Outcome> results = TrustedBatch.run(executor, programs, asserts, progress);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).error() != null) {
                failed.add(labels.get(i) + ": " + results.get(i).error());
            }
        }
        return failed;
    }

    /** How many programs {@link #failures} runs. */
    public static int programs(List<WorldTask> tasks) {
        return tasks.stream().mapToInt(t -> t.solutions().size()).sum();
    }
}
