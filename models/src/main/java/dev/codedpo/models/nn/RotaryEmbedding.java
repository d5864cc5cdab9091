package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.codedpo.models.config.ModelConfig;

/**
 * Rotary position embedding in the half-split layout Hugging Face checkpoints use (rotate_half). cos/sin tables are
 * computed the way transformers computes them in float32 (inverse frequencies, then position / scaling factor times
 * frequency), kept in the model's manager, and grown on demand.
 */
final class RotaryEmbedding {
    private final NDManager manager;
    private final int headDim;
    private final float[] invFreq;
    private final float positionScale;
    private final NDArray rotateHalf;
    private NDArray cos;
    private NDArray sin;
    private int capacity;

    RotaryEmbedding(NDManager manager, ModelConfig config) {
        this.manager = manager;
        this.headDim = config.headDim();
        this.invFreq = new float[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) {
            float exponent = (float) (2 * i) / (float) headDim;
            invFreq[i] = 1.0f / (float) Math.pow(config.ropeTheta(), exponent);
        }
        this.positionScale = (float) config.ropeScaling().factor();
        this.rotateHalf = rotationMatrix(manager, headDim);
        ensure(Math.max(64, Math.min(config.maxPositionEmbeddings(), 4096)));
    }

    void ensure(int positions) {
        if (positions <= capacity) {
            return;
        }
        int n = Math.max(positions, capacity * 2);
        float[] c = new float[n * headDim];
        float[] s = new float[n * headDim];
        int half = headDim / 2;
        for (int p = 0; p < n; p++) {
            float t = (float) p / positionScale;
            for (int i = 0; i < half; i++) {
                float angle = t * invFreq[i];
                float cv = (float) Math.cos(angle);
                float sv = (float) Math.sin(angle);
                c[p * headDim + i] = cv;
                c[p * headDim + half + i] = cv;
                s[p * headDim + i] = sv;
                s[p * headDim + half + i] = sv;
            }
        }
        if (cos != null) {
            cos.close();
            sin.close();
        }
        cos = EngineArrays.owned(manager, c, new Shape(n, headDim));
        sin = EngineArrays.owned(manager, s, new Shape(n, headDim));
        capacity = n;
    }

    /** cos and sin for each position, shaped [B, 1, T, D] to broadcast over heads. */
    NDList tables(NDArray positions, int maxPosition) {
        ensure(maxPosition + 1);
        NDArray c = positions.getNDArrayInternal().embedding(positions, cos, SparseFormat.DENSE).singletonOrThrow();
        NDArray s = positions.getNDArrayInternal().embedding(positions, sin, SparseFormat.DENSE).singletonOrThrow();
        return new NDList(c.expandDims(1), s.expandDims(1));
    }

    /**
     * rotate_half as a constant [D, D] matrix: x R = concat(-x[D/2:], x[:D/2]). One engine op instead of split,
     * negate and concat; decode steps are bound by the number of ops, and the product is exact (entries are 0/+-1).
     */
    private static NDArray rotationMatrix(NDManager manager, int d) {
        float[] r = new float[d * d];
        int half = d / 2;
        for (int j = 0; j < half; j++) {
            r[(j + half) * d + j] = -1f;
            r[j * d + j + half] = 1f;
        }
        return EngineArrays.owned(manager, r, new Shape(d, d));
    }

    int capacity() {
        return capacity;
    }

    /** cos for each position, [capacity, D] (grown by {@link #ensure}, so read it after ensuring). */
    NDArray cosTable() {
        return cos;
    }

    /** sin for each position, [capacity, D]. */
    NDArray sinTable() {
        return sin;
    }

    /** The rotate_half matrix [D, D] (x R = rotate_half(x)). */
    NDArray rotateHalf() {
        return rotateHalf;
    }

    /**
     * cos and sin tables [capacity, X D] for a stacked q/k/v projection of X = heads + 2 kvHeads heads: the q heads
     * get the tables times {@code qScale} (the attention scale, applied to q through the rotation since it is
     * linear), the k heads the plain tables, and the v heads cos 1 and sin 0 (left unrotated, exactly). Attached
     * to {@code m}.
     */
    NDArray[] stackedTables(NDManager m, int heads, int kvHeads, NDArray qScale) {
        // Results attach to the tables' (long-lived) manager: every intermediate is closed here.
        NDList temp = new NDList();
        try {
            Shape vShape = new Shape(capacity, (long) kvHeads * headDim);
            NDArray ones = manager.ones(vShape);
            NDArray zeros = manager.zeros(vShape);
            temp.add(ones);
            temp.add(zeros);
            NDArray c = stack(temp, cos, qScale, heads, kvHeads, ones);
            NDArray s = stack(temp, sin, qScale, heads, kvHeads, zeros);
            c.attach(m);
            s.attach(m);
            return new NDArray[] {c, s};
        } finally {
            temp.close();
        }
    }

    private static NDArray stack(NDList temp, NDArray table, NDArray qScale, int heads, int kvHeads, NDArray vPart) {
        NDArray scaled = table.mul(qScale);
        temp.add(scaled);
        NDArray q = scaled.tile(new long[] {1, heads});
        temp.add(q);
        NDArray k = table.tile(new long[] {1, kvHeads});
        temp.add(k);
        return NDArrays.concat(new NDList(q, k, vPart), 1);
    }

    /** x [B, H, T, D] rotated: x * cos + rotate_half(x) * sin. */
    NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        NDArray rot = rotateHalf;
        if (x.getDataType() != rot.getDataType()) {
            // float64 models exist only for gradient checks; the cast is a temporary of the call.
            rot = rot.toType(x.getDataType(), true);
            rot.attach(x.getManager());
        }
        return x.mul(cos).add(x.matMul(rot).mul(sin));
    }
}
