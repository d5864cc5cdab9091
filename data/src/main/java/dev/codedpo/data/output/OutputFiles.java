package dev.codedpo.data.output;

import java.nio.file.Path;
import java.util.List;

/** Names of the files in a {@code codedpo pairs} output directory. */
public record OutputFiles(Path dir) {
    public Path executions() {
        return dir.resolve("executions.jsonl");
    }

    public Path scores() {
        return dir.resolve("scores.jsonl");
    }

    public Path pairs() {
        return dir.resolve("pairs.jsonl");
    }

    public Path kto() {
        return dir.resolve("kto.jsonl");
    }

    public Path sft() {
        return dir.resolve("sft.jsonl");
    }

    public Path summary() {
        return dir.resolve("summary.json");
    }

    public Path run() {
        return dir.resolve("run.json");
    }

    /** Every file of per-task rows, the score rows included. */
    public List<Path> all() {
        return List.of(executions(), pairs(), kto(), sft(), scores());
    }
}
