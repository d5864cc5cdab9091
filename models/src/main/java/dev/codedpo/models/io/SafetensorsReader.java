package dev.codedpo.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.core.io.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;

/**
 * Reads tensors from one safetensors file through memory maps of bounded size, so files and tensors of any size
 * work (DJL's own decoder reads the whole file into one byte[]: DJL-NOTES hazard 4). Every tensor comes back as a
 * float32 array that the engine owns (a copy, never a view of the map, so training may update it in place: hazard 3).
 */
public final class SafetensorsReader implements AutoCloseable {
    /** Bytes of float32 output converted per block; tensors larger than this are assembled from row blocks. */
    static final int DEFAULT_BLOCK_BYTES = 64 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final int blockBytes;
    private ByteBuffer scratch;

    public SafetensorsReader(Path file) {
        this(file, DEFAULT_BLOCK_BYTES);
    }

    SafetensorsReader(Path file, int blockBytes) {
        this.file = file;
        this.blockBytes = blockBytes;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot open: " + e.getMessage(), e);
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw new InputException(file + ": not a safetensors file (shorter than its 8-byte header length)");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(len, 0);
            long headerLen = len.getLong(0);
            if (headerLen <= 0 || headerLen > SafetensorsHeader.MAX_HEADER_BYTES || 8 + headerLen > size) {
                throw new InputException(file + ": not a safetensors file (header length " + headerLen
                        + " does not fit in a file of " + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(header, 8);
            dataStart = 8 + headerLen;
            tensors = Collections.unmodifiableMap(SafetensorsHeader.parse(header.array(), size - dataStart));
        } catch (IllegalArgumentException e) {
            closeQuietly();
            throw new InputException(file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new InputException(file + ": missing tensor " + name);
        }
        return info;
    }

    /** The tensor as an engine-owned float32 array on the manager's device. */
    public NDArray readFloat32(String name, NDManager manager) {
        TensorInfo info = info(name);
        Shape shape = new Shape(info.shape());
        long count = info.elementCount();
        if (count == 0) {
            return manager.zeros(shape, DataType.FLOAT32);
        }
        long rowElements = info.shape().length <= 1 ? 1 : count / info.shape()[0];
        long rows = count / rowElements;
        long rowsPerBlock = Math.max(1, blockBytes / (rowElements * 4));
        if (rowElements * 4 > Integer.MAX_VALUE - 8) {
            throw new InputException(file + ": tensor " + name + " has rows too large to read (" + rowElements
                    + " elements per row)");
        }
        NDList blocks = new NDList();
        try {
            for (long r = 0; r < rows; r += rowsPerBlock) {
                long n = Math.min(rowsPerBlock, rows - r);
                blocks.add(readBlock(info, r * rowElements, n * rowElements, manager));
            }
            if (blocks.size() == 1) {
                return blocks.get(0).reshape(shape);
            }
            NDArray flat = NDArrays.concat(blocks, 0);
            return flat.reshape(shape);
        } finally {
            if (blocks.size() > 1) {
                blocks.close();
            }
        }
    }

    /** A small tensor as Java floats (tests, tools). */
    public float[] readFloats(String name) {
        TensorInfo info = info(name);
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + name + " is too large for a Java array");
        }
        ByteBuffer out = decode(info, 0, (int) count);
        float[] values = new float[(int) count];
        out.asFloatBuffer().get(values);
        return values;
    }

    private NDArray readBlock(TensorInfo info, long firstElement, long elements, NDManager manager) {
        ByteBuffer f32 = decode(info, firstElement, (int) elements);
        try (NDArray view = manager.create(f32, new Shape(elements), DataType.FLOAT32)) {
            // duplicate() gives engine-owned memory; the view may alias the reusable scratch buffer.
            return view.duplicate();
        }
    }

    /** Converts elements [first, first + count) of a tensor into little-endian float32 in the scratch buffer. */
    private ByteBuffer decode(TensorInfo info, long first, int count) {
        int itemBytes = info.dtype().bytes();
        long srcOffset = dataStart + info.begin() + first * itemBytes;
        long srcBytes = (long) count * itemBytes;
        MappedByteBuffer src;
        try {
            src = channel.map(FileChannel.MapMode.READ_ONLY, srcOffset, srcBytes);
        } catch (IOException e) {
            throw new InputException(file + ": cannot map tensor " + info.name() + ": " + e.getMessage(), e);
        }
        src.order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer dst = scratch(count * 4);
        switch (info.dtype()) {
            case F32 -> dst.put(src);
            case BF16 -> Bf16.widen(src, dst, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putFloat(Fp16.toFloat(src.getShort()));
                }
            }
        }
        dst.flip();
        return dst;
    }

    private ByteBuffer scratch(int bytes) {
        if (scratch == null || scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocateDirect(Math.max(bytes, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
        }
        scratch.clear();
        scratch.limit(bytes);
        return scratch;
    }

    private void readFully(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one to report
        }
    }

    @Override
    public void close() {
        closeQuietly();
        scratch = null;
    }
}
