package dev.codedpo.data.pairing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageContext;
import dev.codedpo.data.generate.GenerateStage;
import java.nio.file.Path;
import java.util.List;

/** The run's pairs stage: {@code codedpo pairs} on the generate stage's candidates.jsonl into the stage directory. */
public final class PairsStage implements Stage {
    public static final String NAME = "pairs";

    private final PairsConfig config;

    public PairsStage(PairsConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Everything but the number of workers and where recorded verdicts come from, which do not change the pairs. */
    @Override
    public Object settings() {
        ObjectNode n = Json.MAPPER.valueToTree(config);
        n.remove("workers");
        n.remove("reuse_executions");
        return n;
    }

    @Override
    public List<String> upstream() {
        return List.of(GenerateStage.NAME);
    }

    /** The builder resumes by itself: finished tasks are kept. */
    @Override
    public void run(Path dir, boolean resume, StageContext context) {
        Path input = context.dirOf(GenerateStage.NAME).resolve("candidates.jsonl");
        RunSummary s = PairsJob.run(config, input, dir, (name, total) -> Progress.NONE,
                notes -> context.log().accept("pairs: warning: " + notes),
                line -> context.log().accept("pairs: " + line)).summary();
        context.log().accept(String.format("pairs: %d tasks, %d checks, %d correctness and %d efficiency pairs",
                s.tasks(), s.checks(), s.correctnessPairs(), s.efficiencyPairs()));
    }

    /** The training files; scores.jsonl and executions.jsonl hold timings, and summary.json counts. */
    @Override
    public List<String> resultFiles() {
        return List.of("pairs.jsonl", "kto.jsonl", "sft.jsonl");
    }
}
