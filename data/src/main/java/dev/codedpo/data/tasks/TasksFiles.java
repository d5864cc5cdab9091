package dev.codedpo.data.tasks;

import java.nio.file.Path;

/** Names of the files in a {@code codedpo tasks} output directory. */
public record TasksFiles(Path dir) {
    public Path tasks() {
        return dir.resolve("tasks.jsonl");
    }

    /** The model's answer per snippet; a row here marks its snippet finished. */
    public Path snippetLog() {
        return dir.resolve("task_snippets.jsonl");
    }

    public Path summary() {
        return dir.resolve("tasks_summary.json");
    }

    public Path run() {
        return dir.resolve("run.json");
    }
}
