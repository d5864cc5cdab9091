package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays whose memory the engine owns. Arrays created from Java data may wrap a Java buffer; anything that autograd
 * may keep for the backward pass is copied into engine memory (DJL-NOTES hazard 1), and scalars are made with
 * {@code full} rather than passed as Java numbers.
 */
public final class EngineArrays {
    private EngineArrays() {}

    public static NDArray owned(NDManager manager, float[] data, Shape shape) {
        try (NDArray view = manager.create(data, shape)) {
            return view.duplicate();
        }
    }

    public static NDArray scalar(NDManager manager, double value) {
        return manager.full(new Shape(), (float) value, DataType.FLOAT32);
    }
}
