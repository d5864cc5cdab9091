package dev.codedpo.models.io;

import java.nio.ByteBuffer;

/**
 * bfloat16 <-> float32 in Java, because DJL's PyTorch engine aborts the JVM on any BF16 array (DJL-NOTES hazard 2).
 * bfloat16 is the upper half of a float32, so widening is a shift and narrowing rounds to nearest even.
 */
public final class Bf16 {
    private Bf16() {}

    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            // Keep a quiet NaN: plain truncation could clear every mantissa bit and produce infinity.
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** Widens {@code count} little-endian bf16 values from {@code src} into float32 values appended to {@code dst}. */
    public static void widen(ByteBuffer src, ByteBuffer dst, int count) {
        for (int i = 0; i < count; i++) {
            dst.putFloat(toFloat(src.getShort()));
        }
    }

    /** Narrows {@code count} float32 values from {@code src} into bf16 values appended to {@code dst}. */
    public static void narrow(ByteBuffer src, ByteBuffer dst, int count) {
        for (int i = 0; i < count; i++) {
            dst.putShort(fromFloat(src.getFloat()));
        }
    }
}
