package dev.codedpo.data.tasks;

import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.generate.ModelBackend;
import dev.codedpo.data.generate.PromptTemplates;
import dev.codedpo.data.generate.SyntaxChecker;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.models.chat.ChatFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * One {@code codedpo tasks} from a resolved config to written files (the backend, the sandbox for Python's ast,
 * the task creator). Shared by the command and the run's tasks stage.
 */
public final class TasksJob {
    private TasksJob() {}

    public static TasksSummary run(TasksConfig cfg, BiFunction<String, Long, Progress> progress) {
        Path input = Path.of(ModelBackend.require(cfg.seeds(), "seeds", "--seeds"));
        Path outDir = Path.of(ModelBackend.require(cfg.outputDir(), "output_dir", "--out"));
        PromptTemplates.Template template = PromptTemplates.read(Path.of(cfg.taskTemplate()));
        if (Files.exists(outDir)) {
            // refuse a directory in use before a model is loaded or a server is asked anything
            OutputDirLock.acquire(outDir).close();
        }
        ChatFormat chat = cfg.promptStyle() == PromptStyle.INSTRUCT ? ModelBackend.chatFormat(cfg.modelPath()) : null;
        try (ModelBackend backend = ModelBackend.open(cfg.backendSettings());
             PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(1)
                     .withLimits(SyntaxChecker.defaultLimits()))) {
            return new TaskCreator(cfg, template, chat, backend.model(),
                    new PythonAst(pool, SyntaxChecker.defaultLimits()), progress).run(input, outDir);
        }
    }
}
