package dev.codedpo.core.stage;

import java.nio.file.Path;
import java.util.List;

/**
 * One step of a pipeline run ({@code codedpo run}): it reads the outputs of the stages it names as upstream and
 * writes its own into a directory of its own. The module that does the work implements it; the runner decides
 * whether it runs, resumes or is skipped.
 */
public interface Stage {
    /** A short name, also the name of the stage's directory in the run directory. */
    String name();

    /**
     * The stage's result-defining settings (a config record or a JSON tree): a change re-runs the stage. Leave out
     * what a resumed run may change (threads, progress output).
     */
    Object settings();

    /** Names of the stages whose outputs this one reads (earlier in the run's order). */
    List<String> upstream();

    /**
     * Does the work into {@code dir}.
     *
     * @param resume true when an earlier attempt with the same inputs was interrupted: continue it where the stage
     *               can (its own files tell how far it got); false for a fresh, empty directory
     */
    void run(Path dir, boolean resume, StageContext context);

    /**
     * The files, relative to the stage directory, that hold its result: their digest is what downstream stages
     * depend on. Exclude timings and logs, so that an identical result counts as identical.
     */
    List<String> resultFiles();
}
