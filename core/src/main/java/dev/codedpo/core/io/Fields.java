package dev.codedpo.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Typed access to fields of a JSONL row, with errors that name the row's file, line and field. */
public final class Fields {
    private Fields() {}

    public static String requireString(JsonlReader.Row row, String field) {
        JsonNode v = row.node().get(field);
        if (v == null || v.isNull()) {
            throw row.error("missing field \"" + field + "\" (expected a string)");
        }
        if (!v.isTextual()) {
            throw row.error("field \"" + field + "\" must be a string, found " + kind(v));
        }
        return v.asText();
    }

    public static String optionalString(JsonlReader.Row row, String field, String fallback) {
        JsonNode v = row.node().get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw row.error("field \"" + field + "\" must be a string, found " + kind(v));
        }
        return v.asText();
    }

    public static List<String> requireStringList(JsonlReader.Row row, String field, boolean allowEmpty) {
        JsonNode v = row.node().get(field);
        if (v == null || v.isNull()) {
            throw row.error("missing field \"" + field + "\" (expected a list of strings)");
        }
        if (!v.isArray()) {
            throw row.error("field \"" + field + "\" must be a list of strings, found " + kind(v));
        }
        if (!allowEmpty && v.isEmpty()) {
            throw row.error("field \"" + field + "\" is an empty list");
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                throw row.error("field \"" + field + "\"[" + i + "] must be a string, found " + kind(e));
            }
            out.add(e.asText());
        }
        return out;
    }

    static String kind(JsonNode v) {
        return v.getNodeType().toString().toLowerCase();
    }
}
