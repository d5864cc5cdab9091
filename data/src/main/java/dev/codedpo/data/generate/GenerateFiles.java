package dev.codedpo.data.generate;

import java.nio.file.Path;
import java.util.List;

/** Names of the files in a {@code codedpo generate} output directory. */
public record GenerateFiles(Path dir) {
    public Path candidates() {
        return dir.resolve("candidates.jsonl");
    }

    /** Per-task counts; a row here marks its task finished. */
    public Path taskLog() {
        return dir.resolve("generation_tasks.jsonl");
    }

    public Path summary() {
        return dir.resolve("generation_summary.json");
    }

    public Path run() {
        return dir.resolve("run.json");
    }

    public List<Path> rowFiles() {
        return List.of(candidates(), taskLog());
    }
}
