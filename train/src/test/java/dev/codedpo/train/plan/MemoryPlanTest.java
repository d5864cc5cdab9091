package dev.codedpo.train.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.config.ModelConfigReader;
import dev.codedpo.train.TrainFixtures;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan on the real shapes, against the published parameter counts and the issue's own arithmetic. */
class MemoryPlanTest {
    private static final Set<String> ALL = Set.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
            "down_proj");

    static ModelConfig shape(String name) {
        // models/src/test/resources/stories260K -> the repository root
        Path root = TrainFixtures.modelDir("stories260K").resolve("../../../../..").normalize();
        return ModelConfigReader.read(root.resolve("train/src/test/resources/real-shapes").resolve(name)
                .resolve("config.json"));
    }

    private static MemoryPlan.Run full(int rows) {
        return new MemoryPlan.Run(true, rows, 1024, 512, 4, 0, Set.of(), true, false);
    }

    @Test
    void parameterCountsAreThePublishedOnes() {
        assertEquals(1.35e9, MemoryPlan.estimate(shape("deepseek-coder-1.3b"), full(2)).parameters(), 0.01e9);
        assertEquals(6.74e9, MemoryPlan.estimate(shape("deepseek-coder-6.7b"), full(2)).parameters(), 0.01e9);
        // Tied embeddings count once: 1.54B in Qwen's model card.
        assertEquals(1.54e9, MemoryPlan.estimate(shape("qwen2.5-coder-1.5b"), full(2)).parameters(), 0.01e9);
    }

    @Test
    void fullFineTuningOfA13bModelNeeds21GbBeforeActivations() {
        MemoryPlan.Estimate e = MemoryPlan.estimate(shape("deepseek-coder-1.3b"), full(2));
        long weightsGradsAdam = e.items().stream().filter(i -> i.what().startsWith("weights")
                || i.what().startsWith("gradients") || i.what().startsWith("AdamW")).mapToLong(MemoryPlan.Item::bytes)
                .sum();
        assertEquals(16 * e.parameters(), weightsGradsAdam);
        assertEquals(21.5e9, weightsGradsAdam, 0.2e9);
    }

    @Test
    void loraTrainsAFractionAndKeepsNoSecondCopy() {
        ModelConfig c = shape("deepseek-coder-6.7b");
        MemoryPlan.Run lora = new MemoryPlan.Run(true, 4, 1024, 512, 2, 16, ALL, false, false);
        MemoryPlan.Estimate e = MemoryPlan.estimate(c, lora);
        // PEFT reports 39,976,960 trainable parameters for r=16 on all seven projections of a 6.7B Llama shape.
        long perLayer = 16L * ((4096 + 4096) * 4 + (4096 + 11008) * 3);
        assertEquals(perLayer * 32, e.trainable());
        assertEquals(39_976_960L, e.trainable());
        assertFalse(e.items().stream().anyMatch(i -> i.what().startsWith("reference")));
        assertTrue(e.fits(141L << 30), e.render("gpu", 141L << 30));
        assertFalse(MemoryPlan.estimate(c, full(4)).fits(141L << 30), "full fp32 DPO of 6.7B on one H200");
    }

    @Test
    void checkpointingShrinksActivations() {
        ModelConfig c = shape("qwen2.5-coder-1.5b");
        long plain = activations(MemoryPlan.estimate(c, new MemoryPlan.Run(true, 16, 1024, 512, 2, 8, ALL, false,
                false)));
        long ckpt = activations(MemoryPlan.estimate(c, new MemoryPlan.Run(true, 16, 1024, 512, 2, 8, ALL, false,
                true)));
        assertTrue(ckpt * 5 < plain, ckpt + " vs " + plain);
    }

    private static long activations(MemoryPlan.Estimate e) {
        return e.items().stream().filter(i -> i.what().startsWith("activations")).findFirst().orElseThrow().bytes();
    }
}
