package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
    private int batch;
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

    /**
     * Keeps only {@code rows} (in that order) and drops the first {@code dropFront} positions of every row: rows
     * that finished leave a continuous batch, and columns that are padding in every remaining row go with them.
     */
    public void retainRows(int[] rows, int dropFront) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a KV cache keeps at least one row (close it instead)");
        }
        if (dropFront < 0 || dropFront > length) {
            throw new IllegalArgumentException("cannot drop " + dropFront + " of " + length + " positions");
        }
        for (int r : rows) {
            if (r < 0 || r >= batch) {
                throw new IllegalArgumentException("row " + r + " is not in a KV cache of " + batch + " rows");
            }
        }
        int kept = length - dropFront;
        for (int i = 0; i < kv.length; i++) {
            NDArray old = kv[i];
            NDArray fresh = zeros(rows.length, old.getShape());
            if (kept > 0) {
                NDArray[] parts = new NDArray[rows.length];
                for (int j = 0; j < rows.length; j++) {
                    parts[j] = old.get(new NDIndex("{}:{}, :, {}:{}", rows[j], rows[j] + 1, dropFront, length));
                }
                NDArray picked = parts.length == 1 ? parts[0] : NDArrays.concat(new NDList(parts), 0);
                fresh.set(new NDIndex(":, :, :{}", kept), picked);
                picked.close();
                for (NDArray part : parts) {
                    part.close();
                }
            }
            old.close();
            kv[i] = fresh;
        }
        batch = rows.length;
        length = kept;
        indexedLength = -1;
    }

    /**
     * Appends the rows of {@code other} (same model) after this cache's rows. Both are aligned on their last
     * position: the shorter side is left-padded with zero keys and values, which the caller masks out, so every
     * row's tokens stay contiguous and end at the new {@link #length()}. {@code other} is left unchanged.
     */
    public void appendRows(KvCache other) {
        if (other.kv.length != kv.length || other.kvHeads != kvHeads
                || other.kv[0].getShape().get(3) != kv[0].getShape().get(3)) {
            throw new IllegalArgumentException("KV caches of different model shapes");
        }
        int newLength = Math.max(length, other.length);
        int newCapacity = Math.max(capacity, Math.max(other.capacity, newLength));
        int rows = batch + other.batch;
        for (int i = 0; i < kv.length; i++) {
            Shape s = kv[i].getShape();
            NDArray merged = manager.zeros(new Shape(rows, s.get(1), newCapacity, s.get(3)), DataType.FLOAT32);
            copyRight(merged, 0, batch, kv[i], length, newLength);
            copyRight(merged, batch, rows, other.kv[i], other.length, newLength);
            kv[i].close();
            kv[i] = merged;
        }
        batch = rows;
        length = newLength;
        capacity = newCapacity;
        indexedLength = -1;
    }

    /** Copies the first {@code len} positions of {@code src} into rows [from, to) of {@code dst}, ending at {@code end}. */
    private static void copyRight(NDArray dst, int from, int to, NDArray src, int len, int end) {
        if (len == 0) {
            return;
        }
        try (NDArray part = src.get(new NDIndex(":, :, :{}", len))) {
            dst.set(new NDIndex("{}:{}, :, {}:{}", from, to, end - len, end), part);
        }
    }

    private NDArray zeros(int rows, Shape like) {
        return manager.zeros(new Shape(rows, like.get(1), like.get(2), like.get(3)), DataType.FLOAT32);
    }

    @Override
    public void close() {
        manager.close();
    }
}
