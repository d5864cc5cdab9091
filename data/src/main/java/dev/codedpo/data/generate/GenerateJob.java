package dev.codedpo.data.generate;

import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.models.Devices;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.chat.ChatFormat;
import dev.codedpo.models.chat.JinjaChatTemplate;
import dev.codedpo.models.generate.Generator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * One {@code codedpo generate} from a resolved config to written files: the backend (a local model or an
 * OpenAI-compatible server), the syntax-checking pool and the generator. Shared by the command and the run's
 * generate stage, so that both write the same output directory.
 */
public final class GenerateJob {
    private GenerateJob() {}

    /** Runs into {@code cfg.output_dir}, resuming what a directory written with the same settings holds. */
    public static CandidateGenerator.Result run(GenerateConfig cfg, BiFunction<String, Long, Progress> progress) {
        Path input = Path.of(ModelBackend.require(cfg.tasksFile(), "tasks_file", "--tasks"));
        Path outDir = Path.of(ModelBackend.require(cfg.outputDir(), "output_dir", "--out"));
        PromptTemplates templates = PromptTemplates.load(Path.of(cfg.codeTemplate()), Path.of(cfg.testsTemplate()));
        if (Files.exists(outDir)) {
            // refuse a directory in use before a model is loaded or a server is asked anything
            OutputDirLock.acquire(outDir).close();
        }
        ChatFormat chat = cfg.promptStyle() == PromptStyle.INSTRUCT ? ModelBackend.chatFormat(cfg.modelPath()) : null;
        try (ModelBackend backend = ModelBackend.open(cfg.backendSettings())) {
            CompletionBackend model = backend.model();
            int workers = Math.min(model.parallelism(), Math.max(1, Runtime.getRuntime().availableProcessors()));
            try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(workers)
                    .withLimits(SyntaxChecker.defaultLimits()))) {
                TaskSampler sampler = new TaskSampler(cfg, templates, chat, model,
                        new SyntaxChecker(pool, SyntaxChecker.defaultLimits()));
                return new CandidateGenerator(cfg, templates, sampler, model.parallelism(), progress)
                        .run(input, outDir);
            }
        }
    }
}
