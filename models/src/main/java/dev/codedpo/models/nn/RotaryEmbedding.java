package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
        ensure(Math.max(64, Math.min(config.maxPositionEmbeddings(), 4096)));
    }

    private void ensure(int positions) {
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

    /** x [B, H, T, D] rotated: x * cos + rotate_half(x) * sin. */
    static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3);
        NDArray rotated = NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), 3);
        return x.mul(cos).add(rotated.mul(sin));
    }

    static DataType dtype() {
        return DataType.FLOAT32;
    }
}
