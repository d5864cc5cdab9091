package dev.codedpo.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A config record's keys written out from its {@link Describe} texts: as a key list for a command's help, and as a
 * commented YAML file of the defaults that {@link ConfigLoader} reads back to the same record.
 */
public final class ConfigDocs {
    /** How {@code --set} values are read, for a command's help. */
    public static final String SET_RULES = String.join("\n",
            "--set KEY=VALUE overrides one key of the YAML (dotted for blocks: --set lora.rank=8). VALUE is typed by",
            "the key: numbers as 5e-6, 1000 or 1_000; true/false; enum names; lists as a,b or [a, b] ([] is empty);",
            "null clears a key that may be empty; quote ('null') to pass the word itself to a string key.");

    private static final int MAX_COLUMN = 48;

    private ConfigDocs() {}

    /** One line per key, {@code "  lora.rank = 8   adapter rank"}, blocks flattened to dotted keys. */
    public static <T extends Record> String keys(Class<T> type, T defaults) {
        List<String[]> rows = new ArrayList<>();
        collectKeys(RecordSchema.of(type), ConfigTree.of(defaults), "", rows);
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        width = Math.min(width, MAX_COLUMN);
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            out.append("  ").append(r[0]);
            if (!r[1].isEmpty()) {
                if (r[0].length() > width) {
                    out.append('\n').append(" ".repeat(width + 2));
                }
                out.append(" ".repeat(Math.max(0, width - r[0].length()))).append("  ").append(r[1]);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void collectKeys(RecordSchema schema, JsonNode values, String prefix, List<String[]> rows) {
        for (RecordSchema.Key k : schema.keys()) {
            String path = prefix + k.name();
            JsonNode value = values.path(k.name());
            if (k.type().kind() == KeyType.Kind.BLOCK && value.isObject()) {
                collectKeys(k.type().block(), value, path + ".", rows);
                continue;
            }
            rows.add(new String[] {path + " = " + ValueText.yaml(value), describe(k)});
        }
    }

    /**
     * The defaults as a YAML file, one key a line, nested blocks indented, each key's description as its comment.
     *
     * @param header comment lines for the top of the file (without '#'), or null
     */
    public static <T extends Record> String yaml(Class<T> type, T defaults, String header) {
        List<String[]> lines = new ArrayList<>();
        collectYaml(RecordSchema.of(type), ConfigTree.of(defaults), "", lines);
        int column = 0;
        for (String[] l : lines) {
            if (!l[1].isEmpty() && l[0].length() + 2 <= MAX_COLUMN) {
                column = Math.max(column, l[0].length() + 2);
            }
        }
        StringBuilder out = new StringBuilder();
        if (header != null) {
            for (String h : header.split("\n", -1)) {
                out.append(h.isEmpty() ? "#" : "# " + h).append('\n');
            }
        }
        for (String[] l : lines) {
            out.append(l[0]);
            if (!l[1].isEmpty()) {
                out.append(" ".repeat(Math.max(2, column - l[0].length()))).append("# ").append(l[1]);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void collectYaml(RecordSchema schema, JsonNode values, String indent, List<String[]> lines) {
        for (RecordSchema.Key k : schema.keys()) {
            JsonNode value = values.path(k.name());
            String description = describe(k);
            if (k.type().kind() == KeyType.Kind.BLOCK && value.isObject()) {
                lines.add(new String[] {indent + k.name() + ":", description});
                collectYaml(k.type().block(), value, indent + "  ", lines);
            } else {
                lines.add(new String[] {indent + k.name() + ": " + ValueText.yaml(value), description});
            }
        }
    }

    /** The key's text on one line; an enum's allowed names are added, so they are written once, in the enum. */
    private static String describe(RecordSchema.Key k) {
        String d = k.description().strip().replaceAll("\\s*\n\\s*", " ");
        if (k.type().kind() == KeyType.Kind.ENUM) {
            d = (d.isEmpty() ? "" : d + " ") + "(" + String.join(" | ", k.type().enumNames()) + ")";
        }
        return d;
    }

    /** Keys without a {@link Describe} text, for a test that every key of a command is documented. */
    public static List<String> undescribed(Class<? extends Record> type) {
        List<String> out = new ArrayList<>();
        collectUndescribed(RecordSchema.of(type), "", out);
        return out;
    }

    private static void collectUndescribed(RecordSchema schema, String prefix, List<String> out) {
        for (RecordSchema.Key k : schema.keys()) {
            if (k.description().isBlank()) {
                out.add(prefix + k.name());
            }
            if (k.type().kind() == KeyType.Kind.BLOCK) {
                collectUndescribed(k.type().block(), prefix + k.name() + ".", out);
            }
        }
    }
}
