package dev.codedpo.data.generate;

import dev.codedpo.core.io.InputException;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.core.stage.InputFiles;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run's generate stage: {@code codedpo generate} into the stage directory (its output_dir). */
public final class GenerateStage implements Stage {
    public static final String NAME = "generate";

    private final GenerateConfig config;
    private final List<String> upstream;

    /** @param config resolved, with output_dir the stage directory */
    public GenerateStage(GenerateConfig config) {
        this(config, null);
    }

    /**
     * @param tasksStage the stage whose result is tasks_file (its digest then stands for the file's contents), or
     *                   null when tasks_file is the run's input
     */
    public GenerateStage(GenerateConfig config, String tasksStage) {
        this.config = config;
        this.upstream = tasksStage == null ? List.of() : List.of(tasksStage);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** What decides the samples ({@link GenerateConfig#resultDefining}) and the contents of the files it reads. */
    @Override
    public Object settings() {
        Map<String, Object> m = new LinkedHashMap<>(config.resultDefining());
        if (upstream.isEmpty()) {
            m.put("tasks_file_sha256", digest(config.tasksFile(), "tasks_file"));
        }
        m.put("code_template_sha256", digest(config.codeTemplate(), "code_template"));
        m.put("tests_template_sha256", digest(config.testsTemplate(), "tests_template"));
        return m;
    }

    private static String digest(String file, String key) {
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new InputException("generate." + key + ": " + file + ": no such file");
        }
        return InputFiles.sha256(Path.of(file));
    }

    @Override
    public List<String> upstream() {
        return upstream;
    }

    /** The generator resumes by itself from the files in the directory. */
    @Override
    public void run(Path dir, boolean resume, StageContext context) {
        if (!Path.of(config.outputDir()).toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
            throw new IllegalStateException("generate.output_dir must be the stage directory " + dir);
        }
        GenerationSummary s = GenerateJob.run(config, (name, total) -> Progress.NONE).summary();
        context.log().accept(String.format("generate: %d tasks, %d codes and %d tests kept", s.tasks(),
                s.codes().parsed(), s.tests().parsed()));
    }

    @Override
    public List<String> resultFiles() {
        return List.of("candidates.jsonl");
    }
}
