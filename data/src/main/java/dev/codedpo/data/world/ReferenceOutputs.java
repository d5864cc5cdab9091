package dev.codedpo.data.world;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.CodeExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * Expected outputs come from running each reference solution in Python (through the sandboxed executor, many
 * references per process: {@link TrustedBatch}): each input prints repr(f(input)), and that text is the expected
 * value. Nothing of the semantics is re-implemented in Java.
 */
final class ReferenceOutputs {
    private ReferenceOutputs() {}

    /** For each task, the outputs of its reference on its inputs, in order. */
    static List<List<String>> compute(CodeExecutor executor, List<TaskSpec> tasks, List<List<String>> inputs,
                                      Progress progress) {
        List<String> programs = new ArrayList<>();
        List<String> prints = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec t = tasks.get(i);
            programs.add(PromptWriter.signature(t) + Solutions.of(t).get(0).body());
            StringBuilder p = new StringBuilder();
            inputs.get(i).forEach(in -> p.append("print(repr(").append(t.entryPoint()).append('(').append(in)
                    .append(")))\n"));
            prints.add(p.toString());
        }
        List<TrustedBatch.Outcome> results = TrustedBatch.run(executor, programs, prints, progress);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TrustedBatch.Outcome o = results.get(i);
            int n = inputs.get(i).size();
            if (o.error() != null || o.lines().size() != n) {
                throw new IllegalStateException("reference of " + tasks.get(i).entryPoint() + " on "
                        + inputs.get(i) + ": " + (o.error() != null ? o.error() : "printed " + o.lines()));
            }
            out.add(o.lines());
        }
        return out;
    }
}
