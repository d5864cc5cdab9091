package dev.codedpo.models.io;

/**
 * One entry of a safetensors header. Offsets are relative to the first byte after the header, as the format defines.
 */
public record TensorInfo(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteLength() {
        return end - begin;
    }
}
