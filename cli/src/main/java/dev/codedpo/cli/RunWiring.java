package dev.codedpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.data.generate.Backend;
import dev.codedpo.data.generate.GenerateConfig;
import dev.codedpo.data.generate.GenerateStage;
import dev.codedpo.data.pairing.PairsStage;
import dev.codedpo.data.tasks.TasksConfig;
import dev.codedpo.data.tasks.TasksStage;
import dev.codedpo.eval.stage.CompareStage;
import dev.codedpo.eval.stage.EvalStage;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.stage.TrainStage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The paths between a run's stages, set by the run and refused from the user: candidates -> pairs -> train_file ->
 * the trained model -> eval-after. And the stages, in order.
 */
final class RunWiring {
    static final String EVAL_BEFORE = "eval-before";
    static final String EVAL_AFTER = "eval-after";

    /** Keys the run sets itself. */
    static final List<String> WIRED = List.of("generate.output_dir", "train.train_file", "train.output_dir",
            "tasks.output_dir", "generate.tasks_file (with a tasks section)");

    private RunWiring() {}

    /** The config with the run's paths filled in (and generate's model defaulting to train's for a local backend). */
    static RunConfig wire(RunConfig c, Path runDir) {
        refuseWired(c);
        if (c.train().modelPath() == null || c.train().modelPath().isBlank()) {
            throw new InputException("train.model_path: required (the model to train and to evaluate before "
                    + "training)");
        }
        TasksConfig tasks = null;
        String tasksFile = c.generate().tasksFile();
        if (c.tasks() != null) {
            tasks = with(c.tasks(), TasksConfig.class, Map.of("output_dir",
                    runDir.resolve(TasksStage.NAME).toString()));
            tasksFile = runDir.resolve(TasksStage.NAME).resolve(TasksStage.TASKS_FILE).toString();
        } else if (tasksFile == null || tasksFile.isBlank()) {
            throw new InputException("generate.tasks_file: required (the run's tasks), or a tasks section that "
                    + "writes them from seed code");
        }
        String genModel = c.generate().modelPath() == null && c.generate().backend() == Backend.LOCAL
                ? c.train().modelPath() : c.generate().modelPath();
        GenerateConfig generate = with(c.generate(), GenerateConfig.class, Map.of(
                "output_dir", runDir.resolve(GenerateStage.NAME).toString(),
                "model_path", genModel == null ? "" : genModel, "tasks_file", tasksFile));
        String trainFile = switch (c.train().method()) {
            case DPO -> "pairs.jsonl";
            case KTO -> "kto.jsonl";
            case SFT -> "sft.jsonl";
        };
        TrainConfig train = with(c.train(), TrainConfig.class, Map.of(
                "train_file", runDir.resolve(PairsStage.NAME).resolve(trainFile).toString(),
                "output_dir", runDir.resolve(TrainStage.NAME).toString()));
        return new RunConfig(tasks, generate, c.pairs(), train, c.eval(), c.compare());
    }

    private static void refuseWired(RunConfig c) {
        String[] given = {c.generate().outputDir(), c.train().trainFile(), c.train().outputDir(),
                c.tasks() == null ? null : c.tasks().outputDir(), c.tasks() == null ? null : c.generate().tasksFile()};
        for (int i = 0; i < given.length; i++) {
            if (given[i] != null) {
                throw new InputException(WIRED.get(i) + ": set by codedpo run (stage directories inside the run "
                        + "directory); remove it from the config (choose the run directory with --run-dir)");
            }
        }
    }

    /** The stages of a wired config, in the order they run. */
    static List<Stage> stages(RunConfig c, Path runDir) {
        Path base = Path.of(c.train().modelPath());
        Path trained = runDir.resolve(TrainStage.NAME);
        EvalStage before = new EvalStage(EVAL_BEFORE, c.eval(), base, null, List.of());
        EvalStage after = c.train().lora() != null
                ? new EvalStage(EVAL_AFTER, c.eval(), base, trained, List.of(TrainStage.NAME))
                : new EvalStage(EVAL_AFTER, c.eval(), trained, null, List.of(TrainStage.NAME));
        // The starting model first: it depends on nothing, so --from generate leaves it alone.
        List<Stage> stages = new java.util.ArrayList<>(List.of(before));
        if (c.tasks() != null) {
            stages.add(new TasksStage(c.tasks()));
        }
        stages.addAll(List.of(new GenerateStage(c.generate(), c.tasks() != null ? TasksStage.NAME : null),
                new PairsStage(c.pairs()), new TrainStage(c.train(), PairsStage.NAME), after,
                new CompareStage(c.compare(), EVAL_BEFORE, EVAL_AFTER, before.suiteDirs())));
        return stages;
    }

    /** A copy of a config record with some keys replaced (an empty string: null). */
    private static <T> T with(T record, Class<T> type, Map<String, String> values) {
        ObjectNode n = Json.MAPPER.valueToTree(record);
        values.forEach((k, v) -> n.set(k, v.isEmpty() ? n.nullNode() : n.textNode(v)));
        try {
            return Json.MAPPER.treeToValue((JsonNode) n, type);
        } catch (Exception e) {
            throw new IllegalStateException("cannot rebuild " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
