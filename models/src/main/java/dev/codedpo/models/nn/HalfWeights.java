package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Projections whose frozen weight is stored in half precision (float16 or bfloat16) while activations, adapters and
 * the loss stay float32. On a GPU the input is cast to the weight's type for the matrix product and the result cast
 * back (the weight itself is never copied: autograd keeps the half weight, which is what makes a 7B base fit); on the
 * CPU, whose half-precision matrix products are about 100x slower (DJL-NOTES), the weight is converted to float32 for
 * the one product that uses it and dropped with the step.
 */
final class HalfWeights {
    private HalfWeights() {}

    static boolean isHalf(DataType t) {
        return t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    /** x W^T + b with W in half precision and x, b (and the result) in x's type. */
    static NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        if (weight.getDevice().isGpu()) {
            NDArray x = input.toType(weight.getDataType(), false);
            NDArray y = x.getNDArrayInternal().linear(x, weight, null).singletonOrThrow()
                    .toType(input.getDataType(), false);
            return bias == null ? y : y.add(bias);
        }
        NDArray w = weight.toType(input.getDataType(), false);
        w.attach(input.getManager());
        return input.getNDArrayInternal().linear(input, w, bias).singletonOrThrow();
    }
}
