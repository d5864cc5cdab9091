package dev.codedpo.train.plan;

import dev.codedpo.core.io.InputException;
import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.config.ModelConfigReader;
import dev.codedpo.train.Method;
import dev.codedpo.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code codedpo train --dry-run}: the memory plan of a run from its settings and the model's config.json alone (no
 * weights, tokenizer or data are read), and whether it fits the device: the machine's MemTotal for cpu, the given
 * size for a GPU (unknown without one).
 */
public final class DryRun {
    private DryRun() {}

    /** The plan's text and verdict; {@code deviceBytes} 0 when the device's memory is unknown. */
    public record Result(String text, MemoryPlan.Estimate estimate, long deviceBytes) {
        public boolean fits() {
            return deviceBytes <= 0 || estimate.fits(deviceBytes);
        }
    }

    /**
     * @param deviceMemoryGib the device's memory in GiB, or null: then cpu uses /proc/meminfo's MemTotal and a GPU
     *                        is unknown
     */
    public static Result of(TrainConfig c, Double deviceMemoryGib) {
        if (c.modelPath() == null || c.modelPath().isBlank()) {
            throw new InputException("model_path: required (set it in the YAML file or with --set model_path=...)");
        }
        ModelConfig model = ModelConfigReader.read(Path.of(c.modelPath()).resolve("config.json"));
        MemoryPlan.Run run = run(c, model);
        MemoryPlan.Estimate e = MemoryPlan.estimate(model, run);
        boolean cpu = "cpu".equalsIgnoreCase(c.device().trim());
        long device = deviceMemoryGib != null ? (long) (deviceMemoryGib * (1L << 30)) : cpu ? memTotal() : 0;
        String head = String.format(Locale.ROOT, "dry run: %s, %s on %s, %d rows x %d tokens per micro-batch "
                        + "(%d scored), base %s, %s%s%s%n", c.modelPath(), c.method().label(), c.device(),
                run.rowsPerStep(), run.maxLength(), run.maxResponse(), c.dtype(),
                c.lora() == null ? "full fine-tuning" : "lora rank " + c.lora().rank(),
                c.precomputeRefLogps() ? ", precomputed reference log-probs" : "",
                c.gradientCheckpointing() ? ", activation checkpointing" : "");
        String where = deviceMemoryGib != null ? c.device() + " (--device-memory)" : c.device();
        return new Result(head + e.render(where, device), e, device);
    }

    /** The plan's inputs from the run's settings. */
    public static MemoryPlan.Run run(TrainConfig c, ModelConfig model) {
        int rows = c.method() == Method.SFT ? c.batchSize() : 2 * c.batchSize();
        int length = c.maxLength() > 0 ? c.maxLength() : model.maxPositionEmbeddings();
        int response = c.maxPromptLength() > 0 && c.maxPromptLength() < length ? length - c.maxPromptLength() : length;
        int baseBytes = "float32".equals(c.dtype()) ? 4 : 2;
        int rank = c.lora() == null ? 0 : c.lora().rank();
        Set<String> targets = c.lora() == null ? Set.of() : Set.copyOf(c.lora().targetModules());
        boolean separateReference = c.method() != Method.SFT && c.lora() == null && !c.precomputeRefLogps();
        return new MemoryPlan.Run(c.method() != Method.SFT, rows, length, response, baseBytes, rank, targets,
                separateReference, c.gradientCheckpointing());
    }

    /** MemTotal of /proc/meminfo in bytes, or 0 where it cannot be read. */
    static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
