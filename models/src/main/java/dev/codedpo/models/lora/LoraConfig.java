package dev.codedpo.models.lora;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;
import java.util.List;
import java.util.Set;

/**
 * A LoRA adapter's shape: each targeted projection W [out, in] gains scale * B A with A [rank, in] and B [out, rank],
 * scale = alpha / rank (PEFT's, without rsLoRA). A key left out of a YAML block takes its default (rank 8, alpha 16,
 * dropout 0.05, all seven projections of a Llama-style decoder layer).
 *
 * @param dropout probability of zeroing an adapter input element while training (never the base path's)
 */
public record LoraConfig(
        @Describe("adapter rank r (default 8)") @JsonProperty("rank") Integer rank,
        @Describe("scale numerator: updates are scaled by alpha / rank (default 16)") @JsonProperty("alpha") Double alpha,
        @Describe("dropout on the adapter input while training, in [0, 1) (default 0.05)") @JsonProperty("dropout") Double dropout,
        @Describe("projections to adapt (default all: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)")
        @JsonProperty("target_modules") List<String> targetModules) {

    /** The projections of a decoder layer, in the order they are adapted and saved. */
    public static final List<String> ALL_TARGETS = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
            "up_proj", "down_proj");
    public static final int DEFAULT_RANK = 8;
    public static final double DEFAULT_ALPHA = 16;
    public static final double DEFAULT_DROPOUT = 0.05;

    public LoraConfig {
        rank = rank == null ? DEFAULT_RANK : rank;
        alpha = alpha == null ? DEFAULT_ALPHA : alpha;
        dropout = dropout == null ? DEFAULT_DROPOUT : dropout;
        targetModules = targetModules == null ? ALL_TARGETS : List.copyOf(targetModules);
        if (rank < 1) {
            throw new IllegalArgumentException("lora.rank: expected an integer >= 1, got " + rank);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("lora.alpha: expected a number > 0, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("lora.dropout: expected a number in [0, 1), got " + dropout);
        }
        if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("lora.target_modules: expected at least one of " + ALL_TARGETS);
        }
        for (String t : targetModules) {
            if (!ALL_TARGETS.contains(t)) {
                throw new IllegalArgumentException("lora.target_modules: unknown projection \"" + t
                        + "\" (known: " + String.join(", ", ALL_TARGETS) + ")");
            }
        }
        if (Set.copyOf(targetModules).size() != targetModules.size()) {
            throw new IllegalArgumentException("lora.target_modules: a projection is listed twice: " + targetModules);
        }
        // Canonical order: the order of the list changes nothing (tensor order, resume checks).
        List<String> given = targetModules;
        targetModules = ALL_TARGETS.stream().filter(given::contains).toList();
    }

    public static LoraConfig defaults() {
        return new LoraConfig(null, null, null, null);
    }

    /** alpha / rank: what B A is multiplied by. */
    @JsonIgnore
    public double scale() {
        return alpha / rank;
    }
}
