package dev.codedpo.eval.suite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded suite.
 *
 * @param name        the name it was asked by (a bundled name, or the path of a custom file)
 * @param contentHash SHA-256 of the data it was read from, so caches built from it can tell when it changed
 * @param tasks       in file order
 */
public record Suite(String name, String contentHash, List<Task> tasks) {
    public Suite {
        tasks = List.copyOf(tasks);
    }

    /** Whether any task is checked differentially (a custom suite may mix such rows with plain-test rows). */
    public boolean isDifferential() {
        return tasks.stream().anyMatch(Task::isDifferential);
    }

    public Map<String, Task> byId() {
        Map<String, Task> m = new LinkedHashMap<>();
        for (Task t : tasks) {
            m.put(t.taskId(), t);
        }
        return m;
    }

    public Suite subset(List<Task> keep) {
        return new Suite(name, contentHash, keep);
    }
}
