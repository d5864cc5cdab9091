package dev.codedpo.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;
import dev.codedpo.data.generate.GenerateConfig;
import dev.codedpo.data.pairing.PairsConfig;
import dev.codedpo.data.tasks.TasksConfig;
import dev.codedpo.eval.compare.CompareConfig;
import dev.codedpo.eval.run.EvalConfig;
import dev.codedpo.train.TrainConfig;

/**
 * The settings of {@code codedpo run}: one section per stage, each with exactly the keys of its own command
 * (configs/generate.yaml, pairs.yaml, train-*.yaml; eval's options; compare's options). The run wires the paths
 * between stages itself ({@link RunWiring}). Lives in cli because it is the one module that sees every stage's
 * config (train is not visible from data).
 */
public record RunConfig(
        @Describe("codedpo tasks from seed code (optional; null = generate.tasks_file is the run's input; output_dir is set by the run)") @JsonProperty("tasks") TasksConfig tasks,
        @Describe("codedpo generate (tasks_file is the run's input; output_dir is set by the run)") @JsonProperty("generate") GenerateConfig generate,
        @Describe("codedpo pairs (input and output are set by the run)") @JsonProperty("pairs") PairsConfig pairs,
        @Describe("codedpo train (train_file and output_dir are set by the run; model_path is also the model evaluated before training)") @JsonProperty("train") TrainConfig train,
        @Describe("codedpo eval --model, before and after training, on each of suites") @JsonProperty("eval") EvalConfig eval,
        @Describe("codedpo compare of the two evaluations") @JsonProperty("compare") CompareConfig compare) {

    public RunConfig {
        if (generate == null || pairs == null || train == null || eval == null || compare == null) {
            throw new IllegalArgumentException("every section (generate, pairs, train, eval, compare) is needed");
        }
    }

    public static RunConfig defaults() {
        return new RunConfig(null, GenerateConfig.defaults(), PairsConfig.defaults(), TrainConfig.defaults(),
                EvalConfig.defaults(), CompareConfig.defaults());
    }
}
