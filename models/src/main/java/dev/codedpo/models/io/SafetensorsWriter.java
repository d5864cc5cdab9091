package dev.codedpo.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one safetensors file exactly as the format specifies: 8-byte little-endian header length, the JSON header
 * (with {@code __metadata__: {"format": "pt"}}) padded with spaces to a multiple of 8, then the tensors back to back
 * in header order. The file appears complete or not at all (written beside the target, then renamed).
 */
public final class SafetensorsWriter {
    /** Rows copied out of the engine per block, so that no single buffer approaches 2 GiB. */
    private static final long BLOCK_BYTES = 64L << 20;

    private SafetensorsWriter() {}

    /** Writes the tensors (float arrays of any float type) in map order, converted to {@code dtype} (F32, F16, BF16). */
    public static void write(Path file, Map<String, NDArray> tensors, SafetensorsDType dtype) {
        List<String> names = new ArrayList<>(tensors.keySet());
        List<long[]> shapes = new ArrayList<>();
        for (String n : names) {
            shapes.add(tensors.get(n).getShape().getShape());
        }
        List<TensorInfo> layout = SafetensorsHeader.layout(names, shapes, dtype);
        byte[] header = SafetensorsHeader.serialize(layout, Map.of("format", "pt"));
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                    len.flip();
                    writeFully(ch, len);
                    writeFully(ch, ByteBuffer.wrap(header));
                    for (TensorInfo t : layout) {
                        writeTensor(ch, tensors.get(t.name()), dtype);
                    }
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeTensor(FileChannel ch, NDArray array, SafetensorsDType dtype) throws IOException {
        long count = array.size();
        if (count == 0) {
            return;
        }
        long[] shape = array.getShape().getShape();
        long rowElements = shape.length <= 1 ? 1 : count / shape[0];
        long rows = count / rowElements;
        long rowsPerBlock = Math.max(1, BLOCK_BYTES / (rowElements * 4));
        NDArray flat = array.reshape(rows, rowElements);
        try {
            for (long r = 0; r < rows; r += rowsPerBlock) {
                long end = Math.min(rows, r + rowsPerBlock);
                try (NDArray block = flat.get(new NDIndex("{}:{}", r, end));
                     NDArray f32 = block.toType(DataType.FLOAT32, true)) {
                    ByteBuffer src = f32.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    if (dtype == SafetensorsDType.F32) {
                        writeFully(ch, src);
                    } else if (dtype == SafetensorsDType.F16) {
                        // The engine rounds to nearest even; FLOAT16 arrays are safe in DJL (BF16 ones are not).
                        try (NDArray f16 = f32.toType(DataType.FLOAT16, true)) {
                            writeFully(ch, f16.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
                        }
                    } else {
                        int n = (int) ((end - r) * rowElements);
                        ByteBuffer out = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
                        Bf16.narrow(src, out, n);
                        out.flip();
                        writeFully(ch, out);
                    }
                }
            }
        } finally {
            if (flat != array) {
                flat.close();
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
