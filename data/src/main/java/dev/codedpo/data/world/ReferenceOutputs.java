package dev.codedpo.data.world;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.CheckResult;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Expected outputs come from running each reference solution in Python (through the sandboxed executor): each test
 * prints repr(f(input)), and that text is the expected value. Nothing of the semantics is re-implemented in Java.
 */
final class ReferenceOutputs {
    private ReferenceOutputs() {}

    /** For each task, the outputs of its reference on its inputs, in order. */
    static List<List<String>> compute(CodeExecutor executor, List<TaskSpec> tasks, List<List<String>> inputs,
                                      Progress progress) {
        List<ExecutionRequest> requests = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec t = tasks.get(i);
            String code = PromptWriter.signature(t) + Solutions.of(t).get(0).body();
            // One check prints every output, one line each (repr never spans lines): a fork per task, not per input.
            StringBuilder prints = new StringBuilder();
            inputs.get(i).forEach(in -> prints.append("print(repr(").append(t.entryPoint()).append('(').append(in)
                    .append(")))\n"));
            requests.add(ExecutionRequest.of(code, List.of(prints.toString())));
        }
        List<ExecutionResult> results = BatchRunner.run(executor, requests, progress);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            CheckResult c = results.get(i).checks().get(0);
            List<String> lines = c.output() == null ? List.of() : List.of(c.output().split("\n", -1));
            int n = inputs.get(i).size();
            if (!c.passed() || c.outputTruncated() || lines.size() != n + 1 || !lines.get(n).isEmpty()) {
                throw new IllegalStateException("reference of " + tasks.get(i).entryPoint() + " on "
                        + inputs.get(i) + ": " + c.status() + " " + c.exceptionType() + " " + c.message()
                        + " (output " + c.output() + ")");
            }
            out.add(List.copyOf(lines.subList(0, n)));
        }
        return out;
    }
}
