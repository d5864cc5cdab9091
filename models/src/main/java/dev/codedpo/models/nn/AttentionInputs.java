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

    final int batch;
    final int tokens;
    final int past;
    final NDArray positions;
    final NDArray mask;
    final int maxPosition;

    private AttentionInputs(int batch, int tokens, int past, NDArray positions, NDArray mask, int maxPosition) {
        this.batch = batch;
        this.tokens = tokens;
        this.past = past;
        this.positions = positions;
        this.mask = mask;
        this.maxPosition = maxPosition;
    }

    /**
     * The inputs of one forward call over input ids [B, T] (int64) after the {@code cache}'s tokens, with the 0/1
     * padding mask as host data, row-major [B, past + T] (null when no row is padded); checks the shapes. Arrays go
     * to the manager of the input ids.
     */
    static AttentionInputs forCall(NDArray inputIds, long[] padMask, KvCache cache, int slidingWindow) {
        Shape shape = inputIds.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("input ids must be [batch, tokens], got " + shape);
        }
        int batch = (int) shape.get(0);
        int t = (int) shape.get(1);
        int past = cache == null ? 0 : cache.length();
        if (padMask != null && padMask.length != (long) batch * (past + t)) {
            throw new IllegalArgumentException("attention mask must hold " + batch + " x " + (past + t)
                    + " values, got " + padMask.length);
        }
        return build(inputIds.getManager(), batch, t, past, padMask, slidingWindow);
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
        return new AttentionInputs(batch, t, past, positions, mask, maxPos);
    }
}
