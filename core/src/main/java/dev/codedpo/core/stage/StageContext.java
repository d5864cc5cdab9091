package dev.codedpo.core.stage;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** What a running stage may look at: the directories of the stages before it, and where to report progress. */
public record StageContext(Path runDir, Map<String, Path> stageDirs, Consumer<String> log) {
    public StageContext {
        stageDirs = Map.copyOf(stageDirs);
    }

    /** The directory of an earlier stage; it is complete when this stage runs. */
    public Path dirOf(String stage) {
        Path p = stageDirs.get(stage);
        if (p == null) {
            throw new IllegalArgumentException("no stage named " + stage + " before this one");
        }
        return p;
    }
}
