package dev.codedpo.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.nn.EngineArrays;

/** Engine-owned constants for differentiated code: Java numbers must never enter it (DJL-NOTES hazard 1). */
final class Scalars {
    private Scalars() {}

    /** The values of any float array as doubles (float64 arrays appear in gradient checks). */
    static double[] values(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    static NDArray of(NDManager m, double v) {
        return EngineArrays.scalar(m, v);
    }

    static NDArray vector(NDManager m, double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return EngineArrays.owned(m, f, new Shape(f.length));
    }
}
