package dev.codedpo.eval.suite;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The rows of a suite data file (JSONL or a JSON array, optionally gzipped), each with its line and raw text.
 * Differential inputs are kept as the file's own JSON text (see {@link #rawField}) because MBPP+ uses
 * Infinity/-Infinity tokens and big integers that must reach Python unchanged.
 */
public final class SourceLines {
    /**
     * Python's json module writes Infinity and NaN and the upstream files contain them; otherwise as strict as every
     * other reader (no trailing content after a row, no key given twice).
     */
    static final ObjectMapper LENIENT = Json.strictBuilder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    public record Line(String source, long number, String text, JsonNode node) {
        public InputException error(String what) {
            return new InputException(source + ":" + number + ": " + what);
        }

        public String string(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw error("missing field \"" + field + "\" (expected a string)");
            }
            if (!v.isTextual()) {
                throw error("field \"" + field + "\" must be a string, found " + v.getNodeType().toString().toLowerCase());
            }
            return v.asText();
        }

        public String optionalString(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw error("field \"" + field + "\" must be a string, found " + v.getNodeType().toString().toLowerCase());
            }
            return v.asText();
        }

        public List<String> strings(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isArray()) {
                throw error("field \"" + field + "\" must be a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw error("field \"" + field + "\" must be a list of strings");
                }
                out.add(e.asText());
            }
            return out;
        }

        /** The exact JSON text of a top-level field whose value is an array. */
        public String rawField(String field) {
            try (JsonParser p = LENIENT.getFactory().createParser(text)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw error("expected a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (name.equals(field)) {
                        if (t == JsonToken.START_OBJECT && p.nextToken() == JsonToken.END_OBJECT) {
                            return "[]"; // MBPP+ writes "no plus inputs" as {} for a few tasks
                        }
                        if (t != JsonToken.START_ARRAY) {
                            throw error("field \"" + field + "\" must be a list of argument lists");
                        }
                        int start = (int) p.currentTokenLocation().getCharOffset();
                        p.skipChildren();
                        int end = (int) p.currentTokenLocation().getCharOffset() + 1;
                        return text.substring(start, end);
                    }
                    p.skipChildren();
                }
            } catch (IOException e) {
                throw error("invalid JSON: " + e.getMessage());
            }
            throw error("missing field \"" + field + "\" (expected a list of argument lists)");
        }
    }

    public record Loaded(List<Line> lines, String sha256) {}

    private SourceLines() {}

    /** Reads JSONL (one object per line) or, when the content starts with '[', a JSON array of objects. */
    public static Loaded read(String source, byte[] bytes) {
        String sha = sha256(bytes);
        String text = decode(source, bytes);
        List<Line> out = new ArrayList<>();
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("[")) {
            JsonNode arr;
            try {
                arr = LENIENT.readTree(text);
            } catch (JsonProcessingException e) {
                throw new InputException(source + ": invalid JSON array: " + e.getOriginalMessage());
            }
            int i = 0;
            for (JsonNode n : arr) {
                i++;
                if (!n.isObject()) {
                    throw new InputException(source + ": element " + i + ": expected a JSON object");
                }
                out.add(new Line(source, i, n.toString(), n));
            }
            return new Loaded(out, sha);
        }
        long number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            if (raw.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = LENIENT.readTree(raw);
            } catch (JsonProcessingException e) {
                throw new InputException(source + ":" + number + ": invalid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new InputException(source + ":" + number + ": expected a JSON object");
            }
            out.add(new Line(source, number, raw, node));
        }
        return new Loaded(out, sha);
    }

    private static String decode(String source, byte[] bytes) {
        byte[] plain = bytes;
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                plain = in.readAllBytes();
            } catch (IOException e) {
                throw new InputException(source + ": not a valid gzip file: " + e.getMessage());
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(plain)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputException(source + ": not valid UTF-8");
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
