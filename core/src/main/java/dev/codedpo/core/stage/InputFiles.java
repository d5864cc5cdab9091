package dev.codedpo.core.stage;

import java.nio.file.Path;
import java.util.List;

/**
 * Digests of files a stage reads from outside the run (a task file, a template): put in its settings, so that an
 * edited input re-runs the stage like a changed setting does.
 */
public final class InputFiles {
    private InputFiles() {}

    /** SHA-256 of the file's name and bytes. */
    public static String sha256(Path file) {
        Path abs = file.toAbsolutePath();
        return ResultDigest.of(abs.getParent(), List.of(abs.getFileName().toString()));
    }
}
