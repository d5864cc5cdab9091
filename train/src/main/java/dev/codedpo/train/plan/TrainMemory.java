package dev.codedpo.train.plan;

import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.lora.LoraConfig;
import dev.codedpo.train.Method;
import dev.codedpo.train.TrainConfig;
import java.util.Set;

/** The {@link MemoryPlan} of a training config, for a dry run: from the config and the model's config.json only. */
public final class TrainMemory {
    private TrainMemory() {}

    public static MemoryPlan.Estimate estimate(TrainConfig cfg, ModelConfig model) {
        int length = cfg.maxLength() > 0 ? cfg.maxLength() : model.maxPositionEmbeddings();
        int response = cfg.maxPromptLength() > 0 && cfg.maxPromptLength() < length ? length - cfg.maxPromptLength()
                : length;
        // DPO: chosen and rejected of each pair; KTO: each row and its mismatched-prompt row.
        int rows = cfg.method() == Method.SFT ? cfg.batchSize() : 2 * cfg.batchSize();
        LoraConfig lora = cfg.lora();
        int rank = lora == null ? 0 : lora.rank();
        Set<String> targets = lora == null ? Set.of() : Set.copyOf(lora.targetModules());
        boolean reference = lora == null && cfg.method() != Method.SFT;
        return MemoryPlan.estimate(model, new MemoryPlan.Run(cfg.method() != Method.SFT, rows, length, response, 4,
                rank, targets, reference, false));
    }
}
