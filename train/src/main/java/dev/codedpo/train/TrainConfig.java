package dev.codedpo.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;
import dev.codedpo.models.lora.LoraConfig;

/**
 * Everything {@code codedpo train} can be told; YAML keys are the property names below (fixed: scripts rely on them).
 * Lengths of 0 mean "no limit"; steps of 0 mean "off".
 */
public record TrainConfig(
        @Describe("dpo (preference pairs), kto (labelled single responses) or sft") @JsonProperty("method") Method method,
        @Describe("Hugging Face model directory to start from (also the reference for dpo and kto)") @JsonProperty("model_path") String modelPath,
        @Describe("JSONL: dpo {prompt, chosen, rejected} (pairs.jsonl), kto {prompt, completion, label}, sft {prompt, completion}") @JsonProperty("train_file") String trainFile,
        @Describe("JSONL in the train_file format: eval_ metrics every eval_steps and at the end (optional)") @JsonProperty("eval_file") String evalFile,
        @Describe("where metrics, charts, checkpoints and the final model go") @JsonProperty("output_dir") String outputDir,
        @Describe("DPO loss: sigmoid, ipo, hinge or robust") @JsonProperty("loss_type") LossType lossType,
        @Describe("strength of the KL constraint to the reference (DPO and KTO)") @JsonProperty("beta") double beta,
        @Describe("assumed label-flip probability in [0, 0.5) (sigmoid: cDPO; robust: debiased)") @JsonProperty("label_smoothing") double labelSmoothing,
        @Describe("weight of the NLL term on chosen responses (RPO; 0 = off)") @JsonProperty("rpo_alpha") double rpoAlpha,
        @Describe("KTO weight of desirable rows") @JsonProperty("desirable_weight") double desirableWeight,
        @Describe("KTO weight of undesirable rows") @JsonProperty("undesirable_weight") double undesirableWeight,
        @Describe("peak learning rate of AdamW") @JsonProperty("learning_rate") double learningRate,
        @Describe("constant, linear or cosine decay after warm-up") @JsonProperty("lr_scheduler") LrScheduler lrScheduler,
        @Describe("optimizer steps of linear warm-up from 0") @JsonProperty("warmup_steps") int warmupSteps,
        @Describe("decoupled weight decay on matrices (not on norms or biases)") @JsonProperty("weight_decay") double weightDecay,
        @Describe("AdamW first-moment decay") @JsonProperty("adam_beta1") double adamBeta1,
        @Describe("AdamW second-moment decay") @JsonProperty("adam_beta2") double adamBeta2,
        @Describe("AdamW epsilon (outside the square root)") @JsonProperty("adam_epsilon") double adamEpsilon,
        @Describe("clip the global gradient L2 norm to this (0 = no clipping)") @JsonProperty("max_grad_norm") double maxGradNorm,
        @Describe("optimizer steps to train (0 = from num_epochs)") @JsonProperty("max_steps") int maxSteps,
        @Describe("passes over train_file when max_steps is 0") @JsonProperty("num_epochs") double numEpochs,
        @Describe("rows per micro-batch (pairs for dpo)") @JsonProperty("batch_size") int batchSize,
        @Describe("micro-batches per optimizer step") @JsonProperty("grad_accum_steps") int gradAccumSteps,
        @Describe("longest prompt + response in tokens; responses are cut to fit (0 = no limit)") @JsonProperty("max_length") int maxLength,
        @Describe("longest prompt in tokens; longer ones keep their last tokens (0 = no limit)") @JsonProperty("max_prompt_length") int maxPromptLength,
        @Describe("a new order of train_file each epoch, drawn from seed") @JsonProperty("shuffle") boolean shuffle,
        @Describe("seed of the row order") @JsonProperty("seed") long seed,
        @Describe("log metrics every this many steps") @JsonProperty("logging_steps") int loggingSteps,
        @Describe("evaluate on eval_file every this many steps (0 = at the end only)") @JsonProperty("eval_steps") int evalSteps,
        @Describe("write checkpoint-N/ every this many steps (0 = none)") @JsonProperty("save_steps") int saveSteps,
        @Describe("keep only the newest this many checkpoints (0 = all)") @JsonProperty("save_total_limit") int saveTotalLimit,
        @Describe("cpu, gpu or gpu:N") @JsonProperty("device") String device,
        @Describe("how the weights are stored: float32, or with lora float16 or bfloat16 for the frozen base (adapters, "
                + "optimizer and loss stay float32); bfloat16 is refused on cpu (the CPU engine aborts on it); float16 "
                + "on cpu computes in float32, converting each weight as it is used (slower, for checks; the memory "
                + "saving is the GPU's)")
        @JsonProperty("dtype") String dtype,
        @Describe("intra-op threads of the engine (0 = its default)") @JsonProperty("threads") int threads,
        @Describe("LoRA: null = full fine-tuning; a block (e.g. lora: {rank: 8}) freezes the model and trains "
                + "low-rank adapters, saved in PEFT's layout; keys left out take their defaults")
        @JsonProperty("lora") LoraConfig lora,
        @Describe("score every train_file (and eval_file) row with the reference once before training and keep the "
                + "values in a file beside the data (<file>.ref-logps-<key>.jsonl), reused while model, data, "
                + "tokenizer and truncation are unchanged; no reference model is then kept (dpo and kto)")
        @JsonProperty("precompute_ref_logps") boolean precomputeRefLogps,
        @Describe("activation checkpointing per decoder layer: keep only each layer's input and recompute the layer "
                + "in the backward pass (less memory, about a third more compute; with lora only when lora.dropout "
                + "is 0)")
        @JsonProperty("gradient_checkpointing") boolean gradientCheckpointing) {

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
        require("float32".equals(dtype) || "float16".equals(dtype) || "bfloat16".equals(dtype), "dtype",
                "float32, float16 or bfloat16");
        require("float32".equals(dtype) || lora != null, "dtype",
                "float32 with full fine-tuning (" + dtype + " stores a frozen base: set a lora block, or dtype: float32)");
        require(!"bfloat16".equals(dtype) || !"cpu".equalsIgnoreCase(device.trim()), "dtype",
                "float32 or float16 on device cpu (DJL's CPU engine aborts the process on bfloat16; use it with "
                + "device: gpu)");
        require(!precomputeRefLogps || method != Method.SFT, "precompute_ref_logps",
                "false for sft (it has no reference model)");
        require(!gradientCheckpointing || lora == null || lora.dropout() == 0, "gradient_checkpointing",
                "false when lora.dropout > 0 (recomputed layers would draw other dropout masks); set lora.dropout: 0");
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
                500, 0, "cpu", "float32", 0, null, false, false);
    }

    /** The engine type the frozen base is stored in. */
    @JsonIgnore
    public ai.djl.ndarray.types.DataType baseType() {
        return switch (dtype) {
            case "float16" -> ai.djl.ndarray.types.DataType.FLOAT16;
            case "bfloat16" -> ai.djl.ndarray.types.DataType.BFLOAT16;
            default -> ai.djl.ndarray.types.DataType.FLOAT32;
        };
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
