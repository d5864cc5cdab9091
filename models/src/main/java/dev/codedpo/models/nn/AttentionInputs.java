package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Position ids and the additive attention mask for one forward call, derived from a 0/1 padding mask over all
 * S = past + T key positions. Positions count only real tokens (cumsum of the mask - 1, as transformers does in
 * generate), so a left- or right-padded row gets the same positions, and thus the same logits, as the row alone.
 */
final class AttentionInputs {
    /** Large but finite: a row whose keys are all masked (a pad query) stays a uniform softmax instead of NaN. */
    static final float MASKED = -1e9f;

    final NDArray positions;
    final NDArray mask;
    final int maxPosition;

    private AttentionInputs(NDArray positions, NDArray mask, int maxPosition) {
        this.positions = positions;
        this.mask = mask;
        this.maxPosition = maxPosition;
    }

    /**
     * @param padMask      [B][S] 0/1 values (1 = real token), or null when every position is real
     * @param past         tokens already in the KV cache
     * @param slidingWindow keys further back than this many positions are masked (0 = no window)
     */
    static AttentionInputs build(NDManager m, int batch, int t, int past, long[] padMask, int slidingWindow) {
        int s = past + t;
        long[] pos = new long[batch * t];
        int maxPos = 0;
        boolean anyPad = false;
        for (int b = 0; b < batch; b++) {
            long count = 0;
            for (int j = 0; j < s; j++) {
                long keep = padMask == null ? 1 : padMask[b * s + j];
                if (keep == 0) {
                    anyPad = true;
                }
                count += keep;
                if (j >= past) {
                    long p = Math.max(0, count - 1);
                    pos[b * t + (j - past)] = p;
                    maxPos = (int) Math.max(maxPos, p);
                }
            }
        }
        NDArray positions = m.create(pos, new Shape(batch, t));
        boolean needCausal = t > 1 || (slidingWindow > 0 && s > slidingWindow);
        NDArray mask = null;
        if (needCausal) {
            float[] causal = new float[t * s];
            for (int i = 0; i < t; i++) {
                int q = past + i;
                for (int j = 0; j < s; j++) {
                    boolean visible = j <= q && (slidingWindow <= 0 || q - j < slidingWindow);
                    causal[i * s + j] = visible ? 0f : MASKED;
                }
            }
            mask = m.create(causal, new Shape(1, 1, 1, t, s));
        }
        if (anyPad) {
            float[] keys = new float[batch * s];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = padMask[i] == 0 ? MASKED : 0f;
            }
            NDArray keyMask = m.create(keys, new Shape(batch, 1, 1, 1, s));
            mask = mask == null ? keyMask : mask.add(keyMask);
        }
        return new AttentionInputs(positions, mask, maxPos);
    }
}
