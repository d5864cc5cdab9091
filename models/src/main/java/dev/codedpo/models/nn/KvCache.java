package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the tokens seen so far, one preallocated [B, 2 kvHeads, capacity, D] buffer per layer (keys in
 * the first kvHeads, values in the rest), written in place so that a decode step costs no reallocation. Keeping both
 * in one buffer makes a decode step one write and one read per layer instead of two of each: at small sizes a step
 * is bound by the number of engine calls. The buffers live in the cache's own manager; what a forward call reads
 * from them is attached to that call's manager (DJL-NOTES hazard 7).
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] kv;
    private final int batch;
    private final int kvHeads;
    private int capacity;
    private int length;
    // The slices of the current call, shared by every layer (parsed once per call, not once per layer).
    private int indexedLength = -1;
    private int indexedTokens = -1;
    private NDIndex slot;
    private NDIndex upTo;

    KvCache(NDManager parent, int layers, int batch, int kvHeads, int headDim, int capacity) {
        this.manager = parent.newSubManager();
        this.kv = new NDArray[layers];
        this.batch = batch;
        this.kvHeads = kvHeads;
        this.capacity = Math.max(1, capacity);
        for (int i = 0; i < layers; i++) {
            kv[i] = manager.zeros(new Shape(batch, 2L * kvHeads, this.capacity, headDim), DataType.FLOAT32);
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
        NDList all = appendKv(layer, k.concat(v, 1), step).split(2, 1);
        return new NDArray[] {all.get(0), all.get(1)};
    }

    /**
     * Writes this call's keys and values stacked as [B, 2 kvH, T, D] after the cached ones and returns all of them
     * as [B, 2 kvH, past + T, D], attached to {@code step}.
     */
    NDArray appendKv(int layer, NDArray keysThenValues, NDManager step) {
        Shape shape = keysThenValues.getShape();
        if (shape.get(0) != batch) {
            throw new IllegalArgumentException("KV cache holds batch " + batch + ", forward got " + shape.get(0));
        }
        if (shape.get(1) != 2L * kvHeads) {
            throw new IllegalArgumentException("KV cache holds " + kvHeads + " KV heads, forward got "
                    + shape.get(1) + " / 2");
        }
        int t = (int) shape.get(2);
        ensure(length + t);
        if (indexedLength != length || indexedTokens != t) {
            slot = new NDIndex(":, :, {}:{}", length, length + t);
            upTo = new NDIndex(":, :, :{}", length + t);
            indexedLength = length;
            indexedTokens = t;
        }
        kv[layer].set(slot, keysThenValues);
        return kv[layer].get(step, upTo);
    }

    /**
     * Makes room for {@code t} more tokens and returns the per-layer buffers, for a forward pass that writes them
     * itself (the scripted one); it must call {@link #advance} afterwards.
     */
    NDArray[] reserve(int t) {
        ensure(length + t);
        return kv;
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
        for (int i = 0; i < kv.length; i++) {
            kv[i] = grow(kv[i], grown);
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
