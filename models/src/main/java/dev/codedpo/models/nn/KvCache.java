package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the tokens seen so far, one preallocated [B, kvHeads, capacity, D] buffer per layer, written in
 * place so that a decode step costs no reallocation. The buffers live in the cache's own manager; what a forward call
 * reads from them is attached to that call's manager (DJL-NOTES hazard 7).
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int batch;
    private int capacity;
    private int length;

    KvCache(NDManager parent, int layers, int batch, int kvHeads, int headDim, int capacity) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.batch = batch;
        this.capacity = Math.max(1, capacity);
        for (int i = 0; i < layers; i++) {
            keys[i] = manager.zeros(new Shape(batch, kvHeads, this.capacity, headDim), DataType.FLOAT32);
            values[i] = manager.zeros(new Shape(batch, kvHeads, this.capacity, headDim), DataType.FLOAT32);
        }
    }

    /** Tokens already cached (the "past" of the next forward call). */
    public int length() {
        return length;
    }

    public int batchSize() {
        return batch;
    }

    public int capacity() {
        return capacity;
    }

    /** Writes this call's k/v [B, kvH, T, D] after the cached ones and returns all of them, attached to {@code step}. */
    NDArray[] append(int layer, NDArray k, NDArray v, NDManager step) {
        int t = (int) k.getShape().get(2);
        if (k.getShape().get(0) != batch) {
            throw new IllegalArgumentException("KV cache holds batch " + batch + ", forward got "
                    + k.getShape().get(0));
        }
        ensure(length + t);
        NDIndex slot = new NDIndex(":, :, {}:{}", length, length + t);
        keys[layer].set(slot, k);
        values[layer].set(slot, v);
        NDIndex upTo = new NDIndex(":, :, :{}", length + t);
        return new NDArray[] {keys[layer].get(step, upTo), values[layer].get(step, upTo)};
    }

    /** Called once per forward call, after every layer appended its k/v. */
    void advance(int t) {
        length += t;
    }

    private void ensure(int needed) {
        if (needed <= capacity) {
            return;
        }
        int grown = Math.max(needed, capacity * 2);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = grow(keys[i], grown);
            values[i] = grow(values[i], grown);
        }
        capacity = grown;
    }

    private NDArray grow(NDArray old, int newCapacity) {
        Shape s = old.getShape();
        NDArray bigger = manager.zeros(new Shape(s.get(0), s.get(1), newCapacity, s.get(3)), DataType.FLOAT32);
        bigger.set(new NDIndex(":, :, :{}", capacity), old);
        old.close();
        return bigger;
    }

    @Override
    public void close() {
        manager.close();
    }
}
