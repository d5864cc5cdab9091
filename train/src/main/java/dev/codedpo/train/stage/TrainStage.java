package dev.codedpo.train.stage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageContext;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.lora.PeftAdapterFiles;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.run.TrainSummary;
import dev.codedpo.train.run.TrainingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The run's train stage: {@code codedpo train} with train_file read from the pairs stage and output_dir the stage
 * directory (both wired by the run). An interrupted stage resumes from its newest checkpoint, as {@code --resume}.
 */
public final class TrainStage implements Stage {
    public static final String NAME = "train";

    private final TrainConfig config;
    private final String upstream;

    /** @param config resolved, with train_file inside {@code upstream}'s directory and output_dir the stage's */
    public TrainStage(TrainConfig config, String upstream) {
        this.config = config;
        this.upstream = upstream;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The settings that decide the weights; the training file is covered by the upstream digest. */
    @Override
    public Object settings() {
        ObjectNode n = TrainingRun.resultDefining(config);
        n.remove("train_file");
        return n;
    }

    @Override
    public List<String> upstream() {
        return List.of(upstream);
    }

    @Override
    public void run(Path dir, boolean resume, StageContext context) {
        if (!Path.of(config.outputDir()).toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
            throw new IllegalStateException("train.output_dir must be the stage directory " + dir);
        }
        TrainSummary s = new TrainingRun(config, resume, null, false, m -> context.log().accept("train: " + m)).run();
        context.log().accept(String.format(Locale.ROOT, "train: %s, %d steps in %.1f s", s.method(), s.globalStep(),
                s.trainSeconds()));
    }

    /** The trained weights (with LoRA: the adapter) and their config; not metrics, charts or checkpoints. */
    @Override
    public List<String> resultFiles() {
        return config.lora() != null ? List.of(PeftAdapterFiles.CONFIG, PeftAdapterFiles.WEIGHTS)
                : List.of("config.json", HfCheckpoint.SINGLE);
    }
}
