package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code codedpo train --dry-run} on the shipped model configs, with model_path pointed at config.json files of the
 * real shapes (no weights): each plan fits a 141 GiB GPU, shows the published parameter count and what the run keeps
 * in memory; a plan that cannot fit (6.7B fully fine-tuned in float32 with a reference copy) exits 3.
 */
class TrainDryRunTest {
    private static final Map<String, String> SHAPE = Map.of(
            "deepseek-coder-1.3b-dpo.yaml", "deepseek-coder-1.3b",
            "qwen2.5-coder-1.5b-lora-dpo.yaml", "qwen2.5-coder-1.5b",
            "deepseek-coder-6.7b-lora-dpo.yaml", "deepseek-coder-6.7b");

    static Path shape(String name) {
        return ConfigFilesTest.configs().getParent().resolve("train/src/test/resources/real-shapes").resolve(name);
    }

    private static StdErr.Run dryRun(String config, String... more) {
        String[] base = {"train", "--config", ConfigFilesTest.configs().resolve(config).toString(), "--set",
            "model_path=" + shape(SHAPE.get(config)), "--dry-run", "--device-memory", "141"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return StdErr.execute(args);
    }

    @Test
    void fullFineTuningOf13bFitsWithoutAReferenceCopy() {
        StdErr.Run r = dryRun("deepseek-coder-1.3b-dpo.yaml");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr() + r.stdout());
        assertTrue(r.stdout().contains("dpo on gpu, 8 rows x 1024 tokens per micro-batch (512 scored)"), r.stdout());
        assertTrue(r.stdout().matches("(?s).*parameters 1,34\\d,\\d{3},\\d{3} \\(trained 1,34.*"), r.stdout());
        assertFalse(r.stdout().contains("reference model"), "precomputed reference: no second copy\n" + r.stdout());
        assertTrue(r.stdout().contains("gpu (--device-memory) has 141.00 GiB: fits"), r.stdout());
    }

    @Test
    void loraConfigsFitWithAHalfPrecisionBase() {
        StdErr.Run qwen = dryRun("qwen2.5-coder-1.5b-lora-dpo.yaml");
        assertEquals(Main.EXIT_OK, qwen.exitCode(), qwen.stderr() + qwen.stdout());
        assertTrue(qwen.stdout().contains("weights (half precision)"), qwen.stdout());
        assertTrue(qwen.stdout().contains("LoRA adapters (rank 16"), qwen.stdout());
        assertTrue(qwen.stdout().contains("vocab 151,936"), qwen.stdout());
        assertTrue(qwen.stdout().contains(": fits"), qwen.stdout());

        StdErr.Run big = dryRun("deepseek-coder-6.7b-lora-dpo.yaml");
        assertEquals(Main.EXIT_OK, big.exitCode(), big.stderr() + big.stdout());
        // PEFT's count for r = 16 on all seven projections of this shape.
        assertTrue(big.stdout().contains("(trained 39,976,960)"), big.stdout());
        assertTrue(big.stdout().contains("checkpointed per layer"), big.stdout());
        assertTrue(big.stdout().contains(": fits"), big.stdout());
    }

    @Test
    void aPlanThatDoesNotFitExits3() {
        StdErr.Run r = dryRun("deepseek-coder-6.7b-lora-dpo.yaml", "--set", "lora=null", "--set", "dtype=float32",
                "--set", "precompute_ref_logps=false", "--set", "gradient_checkpointing=false");
        assertEquals(TrainCommand.EXIT_DOES_NOT_FIT, r.exitCode(), r.stderr() + r.stdout());
        assertTrue(r.stdout().contains("reference model (a second float32 copy)"), r.stdout());
        assertTrue(r.stdout().contains("does NOT fit"), r.stdout());
    }

    @Test
    void aGpuWithoutAGivenSizeIsUnknownAndAMissingConfigIsAUsageError() {
        StdErr.Run r = StdErr.execute("train", "--config", ConfigFilesTest.configs()
                .resolve("deepseek-coder-1.3b-dpo.yaml").toString(), "--set", "model_path="
                + shape("deepseek-coder-1.3b"), "--dry-run");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("memory unknown"), r.stdout());
        StdErr.Run missing = StdErr.execute("train", "--config", ConfigFilesTest.configs()
                .resolve("deepseek-coder-1.3b-dpo.yaml").toString(), "--dry-run");
        assertEquals(Main.EXIT_USAGE, missing.exitCode(), missing.stderr());
        assertTrue(missing.stderr().contains("config.json"), missing.stderr());
    }
}
