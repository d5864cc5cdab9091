package dev.codedpo.cli;

import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageRunner;
import dev.codedpo.data.report.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** A wired run's stages in its run directory, under the directory's lock: run.json, the plan, the work, report.md. */
final class RunExecution {
    private RunExecution() {}

    /**
     * @param print  receives the plan and the report's path (standard output for {@code codedpo run})
     * @param log    receives the stages' decisions and progress
     */
    static void execute(RunConfig wired, Path dir, List<Stage> stages, String from, String only,
                        Consumer<String> print, Consumer<String> log) {
        StageRunner runner = new StageRunner(dir, stages, log);
        try (OutputDirLock lock = OutputDirLock.acquire(dir)) {
            AtomicFiles.writeString(dir.resolve("run.json"), Json.pretty(wired));
            print.accept("run directory " + dir + "; plan:");
            runner.plan(from, only).forEach(d -> print.accept("  " + d));
            runner.run(from, only);
            print.accept("report: " + RunReport.write(dir));
        }
    }
}
