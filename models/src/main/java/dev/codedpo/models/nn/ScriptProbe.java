package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A cheap check that a fast forward pass computes what the DJL parameter path computes, run once before the fast
 * pass is first used: a padded prefill of three rows of different lengths, then one cached decode step, through
 * both, logits compared. It exists because fast paths depend on the machine (kernels chosen by CPU features), and a
 * wrong one must never produce silent garbage.
 */
final class ScriptProbe {
    /** Allowed difference, relative to the largest reference logit (fp32 paths agree to about 1e-5). */
    static final double TOLERANCE = 1e-3;
    private static final int[] LENGTHS = {4, 2, 1};

    /** One forward call of the path under test: logits [B, T, vocab], extending the cache. */
    interface Step {
        NDArray logits(NDArray inputIds, long[] hostMask, KvCache cache);
    }

    private ScriptProbe() {}

    /** Null when {@code fast} agrees with the DJL path, else what differed. */
    static String compare(CausalLM model, Step fast) {
        try (NDManager m = model.manager().newSubManager()) {
            float[][] expected = run(model, m, (ids, mask, cache) -> model.logits(
                    model.hiddenStatesWithHostMask(ids, mask, cache)));
            float[][] actual = run(model, m, fast);
            for (int call = 0; call < expected.length; call++) {
                double scale = 1;
                double worst = 0;
                for (int i = 0; i < expected[call].length; i++) {
                    scale = Math.max(scale, Math.abs(expected[call][i]));
                    worst = Math.max(worst, Math.abs(expected[call][i] - actual[call][i]));
                }
                if (!(worst <= TOLERANCE * scale)) {
                    return (call == 0 ? "prefill" : "decode step") + " logits differ by up to " + worst;
                }
            }
            return null;
        }
    }

    private static float[][] run(CausalLM model, NDManager m, Step step) {
        int batch = LENGTHS.length;
        int width = LENGTHS[0];
        int vocab = model.config().vocabSize();
        long[] ids = new long[batch * width];
        long[] mask = new long[batch * width];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < width; j++) {
                boolean real = j >= width - LENGTHS[b];
                ids[b * width + j] = real ? (7L * (b * width + j) + 3) % vocab : 0;
                mask[b * width + j] = real ? 1 : 0;
            }
        }
        try (KvCache cache = model.newCache(m, batch, width + 1)) {
            NDArray prefill = step.logits(m.create(ids, new Shape(batch, width)), mask, cache);
            long[] next = new long[batch];
            long[] nextMask = new long[batch * (width + 1)];
            for (int b = 0; b < batch; b++) {
                next[b] = (11L * b + 5) % vocab;
                System.arraycopy(mask, b * width, nextMask, b * (width + 1), width);
                nextMask[b * (width + 1) + width] = 1;
            }
            NDArray decode = step.logits(m.create(next, new Shape(batch, 1)), nextMask, cache);
            return new float[][] {maskedRows(prefill, mask), decode.toFloatArray()};
        }
    }

    /** The prefill logits of real positions only: a padded query's logits are meaningless on every path. */
    private static float[] maskedRows(NDArray logits, long[] mask) {
        float[] all = logits.toFloatArray();
        int positions = mask.length;
        int vocab = all.length / positions;
        float[] out = new float[all.length];
        for (int p = 0; p < positions; p++) {
            if (mask[p] == 1) {
                System.arraycopy(all, p * vocab, out, p * vocab, vocab);
            }
        }
        return out;
    }
}
