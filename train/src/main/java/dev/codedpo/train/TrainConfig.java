package dev.codedpo.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Everything {@code codedpo train} can be told; YAML keys are the property names below (fixed: scripts rely on them).
 * Lengths of 0 mean "no limit"; steps of 0 mean "off".
 */
public record TrainConfig(
        @JsonProperty("method") Method method,
        @JsonProperty("model_path") String modelPath,
        @JsonProperty("train_file") String trainFile,
        @JsonProperty("eval_file") String evalFile,
        @JsonProperty("output_dir") String outputDir,
        @JsonProperty("loss_type") LossType lossType,
        @JsonProperty("beta") double beta,
        @JsonProperty("label_smoothing") double labelSmoothing,
        @JsonProperty("rpo_alpha") double rpoAlpha,
        @JsonProperty("desirable_weight") double desirableWeight,
        @JsonProperty("undesirable_weight") double undesirableWeight,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("lr_scheduler") LrScheduler lrScheduler,
        @JsonProperty("warmup_steps") int warmupSteps,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("adam_beta1") double adamBeta1,
        @JsonProperty("adam_beta2") double adamBeta2,
        @JsonProperty("adam_epsilon") double adamEpsilon,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("max_steps") int maxSteps,
        @JsonProperty("num_epochs") double numEpochs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("grad_accum_steps") int gradAccumSteps,
        @JsonProperty("max_length") int maxLength,
        @JsonProperty("max_prompt_length") int maxPromptLength,
        @JsonProperty("shuffle") boolean shuffle,
        @JsonProperty("seed") long seed,
        @JsonProperty("logging_steps") int loggingSteps,
        @JsonProperty("eval_steps") int evalSteps,
        @JsonProperty("save_steps") int saveSteps,
        @JsonProperty("save_total_limit") int saveTotalLimit,
        @JsonProperty("device") String device,
        @JsonProperty("dtype") String dtype,
        @JsonProperty("threads") int threads) {

    public TrainConfig {
        require(method != null, "method", "dpo, kto or sft");
        require(lossType != null, "loss_type", "sigmoid, ipo, hinge or robust");
        require(lrScheduler != null, "lr_scheduler", "constant, linear or cosine");
        require(beta > 0, "beta", "a number > 0");
        require(labelSmoothing >= 0 && labelSmoothing < 0.5, "label_smoothing", "a number in [0, 0.5)");
        require(rpoAlpha >= 0, "rpo_alpha", "a number >= 0 (0 = off)");
        require(desirableWeight > 0 && undesirableWeight > 0, "desirable_weight/undesirable_weight", "numbers > 0");
        require(learningRate >= 0, "learning_rate", "a number >= 0");
        require(warmupSteps >= 0, "warmup_steps", "an integer >= 0");
        require(weightDecay >= 0, "weight_decay", "a number >= 0");
        require(adamBeta1 >= 0 && adamBeta1 < 1, "adam_beta1", "a number in [0, 1)");
        require(adamBeta2 >= 0 && adamBeta2 < 1, "adam_beta2", "a number in [0, 1)");
        require(adamEpsilon > 0, "adam_epsilon", "a number > 0");
        require(maxGradNorm >= 0, "max_grad_norm", "a number >= 0 (0 = no clipping)");
        require(maxSteps >= 0, "max_steps", "an integer >= 0 (0 = from num_epochs)");
        require(maxSteps > 0 || numEpochs > 0, "num_epochs", "a number > 0 when max_steps is 0");
        require(batchSize >= 1, "batch_size", "an integer >= 1");
        require(gradAccumSteps >= 1, "grad_accum_steps", "an integer >= 1");
        require(maxLength >= 0, "max_length", "an integer >= 0 (0 = no limit)");
        require(maxPromptLength >= 0, "max_prompt_length", "an integer >= 0 (0 = no limit)");
        require(maxLength == 0 || maxPromptLength < maxLength, "max_prompt_length", "less than max_length");
        require(loggingSteps >= 1, "logging_steps", "an integer >= 1");
        require(evalSteps >= 0, "eval_steps", "an integer >= 0 (0 = at the end only)");
        require(saveSteps >= 0, "save_steps", "an integer >= 0 (0 = no intermediate checkpoints)");
        require(saveTotalLimit >= 0, "save_total_limit", "an integer >= 0 (0 = keep all)");
        require(device != null && !device.isBlank(), "device", "cpu, gpu or gpu:N");
        require("float32".equals(dtype), "dtype", "float32 (half-precision training comes with LoRA)");
        require(threads >= 0, "threads", "an integer >= 0 (0 = the engine's default)");
    }

    private static void require(boolean ok, String key, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": expected " + expected);
        }
    }

    /** Defaults: TRL's where TRL has one (beta 0.1, AdamW betas and epsilon, max_grad_norm 1, max_length 1,024). */
    public static TrainConfig defaults() {
        return new TrainConfig(Method.DPO, null, null, null, null, LossType.SIGMOID, 0.1, 0.0, 0.0, 1.0, 1.0,
                5e-6, LrScheduler.LINEAR, 0, 0.0, 0.9, 0.999, 1e-8, 1.0, 0, 1.0, 4, 1, 1024, 512, true, 0, 1, 0,
                500, 0, "cpu", "float32", 0);
    }

    /** Rows consumed by one optimizer step. */
    @JsonIgnore
    public int rowsPerStep() {
        return batchSize * gradAccumSteps;
    }

    /** Optimizer steps for a training file of {@code rows} rows. */
    public long totalSteps(long rows) {
        if (maxSteps > 0) {
            return maxSteps;
        }
        return Math.max(1, (long) Math.ceil(numEpochs * rows / rowsPerStep()));
    }
}
