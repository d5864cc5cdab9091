package dev.codedpo.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: {@code {"__metadata__": {...}, name: {"dtype", "shape",
 * "data_offsets": [begin, end]}}}, preceded in the file by its length as an 8-byte little-endian integer.
 */
public final class SafetensorsHeader {
    /** Header lengths above this are refused as corrupt (the reference implementation uses the same cap). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private SafetensorsHeader() {}

    /** Parses and validates the header against the size of the data section that follows it. */
    public static Map<String, TensorInfo> parse(byte[] json, long dataBytes) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalArgumentException("header is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("header is not a JSON object");
        }
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            JsonNode dtype = t.get("dtype");
            JsonNode shape = t.get("shape");
            JsonNode offsets = t.get("data_offsets");
            if (dtype == null || shape == null || offsets == null || !shape.isArray() || !offsets.isArray()
                    || offsets.size() != 2) {
                throw new IllegalArgumentException("tensor " + name + ": header entry needs dtype, shape and "
                        + "data_offsets [begin, end]");
            }
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).asLong();
                if (dims[i] < 0) {
                    throw new IllegalArgumentException("tensor " + name + ": negative dimension in shape " + shape);
                }
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            TensorInfo info = new TensorInfo(name, SafetensorsDType.parse(dtype.asText(), name), dims, begin, end);
            long expected = info.elementCount() * info.dtype().bytes();
            if (begin < 0 || end < begin || end - begin != expected) {
                throw new IllegalArgumentException("tensor " + name + ": data_offsets [" + begin + ", " + end
                        + "] do not hold " + expected + " bytes for shape " + shape + " of " + info.dtype());
            }
            if (end > dataBytes) {
                throw new IllegalArgumentException("tensor " + name + " is truncated: it needs bytes up to " + end
                        + " but the file holds only " + dataBytes + " data bytes");
            }
            out.put(name, info);
        }
        return out;
    }

    /**
     * The header bytes for tensors laid out back to back in the given order, padded with spaces to a multiple of 8
     * so that the data section starts aligned (the Hugging Face writer does the same).
     */
    public static byte[] serialize(List<TensorInfo> tensors, Map<String, String> metadata) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode meta = root.putObject("__metadata__");
        metadata.forEach(meta::put);
        for (TensorInfo t : tensors) {
            ObjectNode e = root.putObject(t.name());
            e.put("dtype", t.dtype().name());
            var shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            e.putArray("data_offsets").add(t.begin()).add(t.end());
        }
        byte[] json = Json.line(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    /** Lays tensors out contiguously from offset 0 in the given order. */
    public static List<TensorInfo> layout(List<String> names, List<long[]> shapes, SafetensorsDType dtype) {
        List<TensorInfo> out = new ArrayList<>(names.size());
        long offset = 0;
        for (int i = 0; i < names.size(); i++) {
            long count = 1;
            for (long d : shapes.get(i)) {
                count = Math.multiplyExact(count, d);
            }
            long end = offset + count * dtype.bytes();
            out.add(new TensorInfo(names.get(i), dtype, shapes.get(i).clone(), offset, end));
            offset = end;
        }
        return out;
    }
}
