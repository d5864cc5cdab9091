package dev.codedpo.data.tasks;

import dev.codedpo.core.io.InputException;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.core.stage.InputFiles;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The run's optional tasks stage: {@code codedpo tasks} from seed code into the stage directory. */
public final class TasksStage implements Stage {
    public static final String NAME = "tasks";
    /** What the generate stage reads. */
    public static final String TASKS_FILE = "tasks.jsonl";

    private final TasksConfig config;

    /** @param config resolved, with output_dir the stage directory */
    public TasksStage(TasksConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Everything but where it writes, and the contents of the seeds and the template. */
    @Override
    public Object settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        com.fasterxml.jackson.databind.node.ObjectNode c = dev.codedpo.core.io.Json.MAPPER.valueToTree(config);
        c.remove("output_dir");
        m.put("config", c);
        m.put("seeds_sha256", seedsDigest(Path.of(config.seeds())));
        m.put("task_template_sha256", InputFiles.sha256(Path.of(config.taskTemplate())));
        return m;
    }

    private static String seedsDigest(Path seeds) {
        if (Files.isRegularFile(seeds)) {
            return InputFiles.sha256(seeds);
        }
        if (!Files.isDirectory(seeds)) {
            throw new InputException("tasks.seeds: " + seeds + ": no such file or directory");
        }
        StringBuilder all = new StringBuilder();
        try (Stream<Path> walk = Files.walk(seeds)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".py")).sorted().toList()) {
                all.append(seeds.relativize(p)).append('=').append(InputFiles.sha256(p)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> upstream() {
        return List.of();
    }

    @Override
    public void run(Path dir, boolean resume, StageContext context) {
        TasksSummary s = TasksJob.run(config, (name, total) -> Progress.NONE);
        context.log().accept(String.format("tasks: %d snippets, %d tasks written", s.snippets(), s.tasksWritten()));
    }

    @Override
    public List<String> resultFiles() {
        return List.of(TASKS_FILE);
    }
}
