package dev.codedpo.train.plan;

import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.nn.ParameterLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The memory a training run will need, from the model's config alone (no weights are read): the policy's weights,
 * the reference's (a second copy for full fine-tuning; none with LoRA, whose reference is the base with adapters
 * off, or with precomputed reference log-probs), gradients and AdamW state of what is trained, the activations
 * kept for the backward pass, and the response logits. Activations are counted for this project's forward pass in
 * float32: per token and layer about 10 hidden + 4 key/value + 5 intermediate values and two attention rows
 * (scores and probabilities) per head; with activation checkpointing, one layer's worth plus each layer's input.
 * An estimate to decide whether a run fits before loading anything, not a measurement.
 */
public final class MemoryPlan {
    private MemoryPlan() {}

    /** One line of the plan. */
    public record Item(String what, long bytes) {}

    /** The plan: its items and their total. */
    public record Estimate(List<Item> items, long parameters, long trainable) {
        public Estimate {
            items = List.copyOf(items);
        }

        public long totalBytes() {
            return items.stream().mapToLong(Item::bytes).sum();
        }

        /** A table for the terminal, with the total and, when known, whether it fits {@code deviceBytes}. */
        public String render(String device, long deviceBytes) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "parameters %,d (trained %,d)%n", parameters, trainable));
            for (Item i : items) {
                sb.append(String.format(Locale.ROOT, "  %-58s %10s%n", i.what(), gib(i.bytes())));
            }
            sb.append(String.format(Locale.ROOT, "  %-58s %10s%n", "total", gib(totalBytes())));
            if (deviceBytes > 0) {
                sb.append(String.format(Locale.ROOT, "%s has %s: %s%n", device, gib(deviceBytes),
                        fits(deviceBytes) ? "fits" : "does NOT fit"));
            } else {
                sb.append(device).append(": memory unknown; pass --device-memory GIB to compare\n");
            }
            return sb.toString();
        }

        /** Fits with a tenth kept free for the engine's own workspace and fragmentation. */
        public boolean fits(long deviceBytes) {
            return totalBytes() <= deviceBytes * 0.9;
        }
    }

    /**
     * What the plan depends on besides the model's shape.
     *
     * @param preference     true for DPO (chosen and rejected rows in one batch) and KTO (plus the mismatched rows)
     * @param rowsPerStep    forward rows of one micro-batch (DPO: 2 x batch_size; KTO: 2 x batch_size; SFT: batch)
     * @param maxLength      tokens per row
     * @param maxResponse    scored tokens per row (logits are computed only there)
     * @param baseBytes      bytes per value of the stored base weights (4 for float32, 2 for half precision)
     * @param loraRank       0 for full fine-tuning
     * @param loraTargets    projection names LoRA adapts (q_proj, ...)
     * @param separateReference a second copy of the weights serves as the reference (full fine-tuning, not cached)
     * @param checkpointing  activation checkpointing per decoder layer
     */
    public record Run(boolean preference, int rowsPerStep, int maxLength, int maxResponse, int baseBytes, int loraRank,
                      Set<String> loraTargets, boolean separateReference, boolean checkpointing) {
        public Run {
            if (rowsPerStep < 1 || maxLength < 1 || maxResponse < 1 || maxResponse > maxLength) {
                throw new IllegalArgumentException("rows, lengths: positive, response within the length");
            }
            if (baseBytes != 2 && baseBytes != 4) {
                throw new IllegalArgumentException("base weights are stored in 2 or 4 bytes per value");
            }
            loraTargets = Set.copyOf(loraTargets);
        }
    }

    public static Estimate estimate(ModelConfig c, Run run) {
        long params = 0;
        long adapter = 0;
        for (Map.Entry<String, long[]> e : ParameterLayout.shapes(c).entrySet()) {
            long[] s = e.getValue();
            long n = 1;
            for (long d : s) {
                n *= d;
            }
            params += n;
            if (run.loraRank() > 0 && s.length == 2 && targeted(e.getKey(), run.loraTargets())) {
                adapter += (long) run.loraRank() * (s[0] + s[1]);
            }
        }
        long trainable = run.loraRank() > 0 ? adapter : params;
        List<Item> items = new ArrayList<>();
        items.add(new Item(run.baseBytes() == 4 ? "weights (float32)" : "weights (half precision)",
                params * run.baseBytes()));
        if (run.separateReference()) {
            items.add(new Item("reference model (a second float32 copy)", params * 4));
        }
        if (run.loraRank() > 0) {
            items.add(new Item("LoRA adapters (rank " + run.loraRank() + ", float32)", adapter * 4));
        }
        items.add(new Item("gradients (float32, trained tensors)", trainable * 4));
        items.add(new Item("AdamW moments (2 x float32, trained tensors)", trainable * 8));
        long tokens = (long) run.rowsPerStep() * run.maxLength();
        long perTokenLayer = 10L * c.hiddenSize() + 4L * c.numKvHeads() * c.headDim() + 5L * c.intermediateSize()
                + 2L * c.numHeads() * run.maxLength();
        long layersKept = run.checkpointing() ? 1 : c.numLayers();
        long activations = tokens * perTokenLayer * layersKept * 4;
        if (run.checkpointing()) {
            activations += tokens * c.hiddenSize() * c.numLayers() * 4L;
        }
        items.add(new Item(String.format(Locale.ROOT, "activations (%d rows x %d tokens%s)", run.rowsPerStep(),
                run.maxLength(), run.checkpointing() ? ", checkpointed per layer" : ""), activations));
        // Logits, their log-softmax and the gradient of the logits, at scored positions only.
        long logits = (long) run.rowsPerStep() * run.maxResponse() * c.vocabSize() * 4L * 3;
        items.add(new Item(String.format(Locale.ROOT, "response logits (%d rows x %d tokens x vocab %,d, x3)",
                run.rowsPerStep(), run.maxResponse(), c.vocabSize()), logits));
        return new Estimate(items, params, trainable);
    }

    private static boolean targeted(String name, Set<String> targets) {
        for (String t : targets) {
            if (name.endsWith("." + t + ".weight")) {
                return true;
            }
        }
        return false;
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
