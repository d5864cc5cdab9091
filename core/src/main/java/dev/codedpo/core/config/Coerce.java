package dev.codedpo.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.codedpo.core.io.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a given value into the node Jackson binds for the key's type, or says why it cannot. Numbers may come as
 * text because YAML 1.1 reads {@code 5e-6} as a string and {@code --set} values are always text.
 */
final class Coerce {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DIGITS = "[0-9]+(?:_[0-9]+)*";
    /** Decimal numbers as people write them: 3, -2.5, .5, 5e-6, 1_000, 1.0E+3. */
    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\." + DIGITS + ")(?:[eE][-+]?[0-9]+)?");

    private Coerce() {}

    /** A value from a YAML file or from a typed command-line option (already a tree). */
    static JsonNode value(KeyType t, JsonNode v, String path) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            if (!t.nullable()) {
                throw expected(t, NODES.nullNode(), path);
            }
            return NODES.nullNode();
        }
        return switch (t.kind()) {
            case INTEGER -> integer(t, v, path);
            case NUMBER -> number(t, v, path);
            case BOOLEAN -> bool(t, v, path);
            case STRING -> string(t, v, path);
            case PATH -> path(t, v, path);
            case ENUM -> enumName(t, v, path);
            case LIST -> list(t, v, path);
            case BLOCK -> throw new IllegalStateException("blocks are merged, not coerced: " + path);
            case OTHER -> v;
        };
    }

    /**
     * A {@code --set} value, typed by the key: {@code null} is null; strings and paths are taken as written (one
     * pair of surrounding quotes removed, so {@code 'null'} is the word); lists are {@code a,b} or {@code [a, b]}
     * ({@code []} or nothing is the empty list); other types are read as YAML.
     */
    static JsonNode text(KeyType t, String raw, String path) {
        String s = raw.trim();
        if (s.equals("null")) {
            return value(t, NODES.nullNode(), path);
        }
        return switch (t.kind()) {
            case STRING, PATH -> value(t, NODES.textNode(unquote(s)), path);
            case LIST -> value(t, listText(s, path), path);
            case BLOCK, OTHER -> yaml(s, path);
            default -> value(t, NODES.textNode(s), path);
        };
    }

    static JsonNode yaml(String s, String path) {
        try {
            JsonNode n = Json.YAML.readTree(s);
            return n == null ? NODES.nullNode() : n;
        } catch (JsonProcessingException e) {
            throw new ConfigProblem(path, "invalid YAML value: " + YamlErrors.oneLine(e));
        }
    }

    private static JsonNode listText(String s, String path) {
        if (s.startsWith("[")) {
            return yaml(s, path);
        }
        ArrayNode out = NODES.arrayNode();
        if (!s.isEmpty()) {
            for (String part : s.split(",", -1)) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static JsonNode integer(KeyType t, JsonNode v, String path) {
        BigDecimal d = decimal(v);
        BigInteger i;
        try {
            i = d == null ? null : d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            i = null;
        }
        if (i == null) {
            throw expected(t, v, path);
        }
        if (i.compareTo(t.min()) < 0 || i.compareTo(t.max()) > 0) {
            throw new ConfigProblem(path, "expected an integer from " + t.min() + " to " + t.max() + ", got "
                    + ValueText.kindOf(v));
        }
        return t.max().bitLength() > 31 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i.intValue());
    }

    private static JsonNode number(KeyType t, JsonNode v, String path) {
        if (v.isNumber()) {
            return NODES.numberNode(v.doubleValue());
        }
        if (v.isTextual() && NUMBER.matcher(v.asText().trim()).matches()) {
            return NODES.numberNode(Double.parseDouble(v.asText().trim().replace("_", "")));
        }
        throw expected(t, v, path);
    }

    /** The exact decimal value of a number node or of number text, or null when it is neither. */
    private static BigDecimal decimal(JsonNode v) {
        if (v.isIntegralNumber()) {
            return new BigDecimal(v.bigIntegerValue());
        }
        if (v.isFloatingPointNumber()) {
            return Double.isFinite(v.doubleValue()) ? v.decimalValue() : null;
        }
        if (v.isTextual() && NUMBER.matcher(v.asText().trim()).matches()) {
            return new BigDecimal(v.asText().trim().replace("_", ""));
        }
        return null;
    }

    private static JsonNode bool(KeyType t, JsonNode v, String path) {
        if (v.isBoolean()) {
            return v;
        }
        if (v.isTextual()) {
            String s = v.asText().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return NODES.booleanNode(s.equals("true"));
            }
        }
        throw expected(t, v, path);
    }

    /** Any scalar is taken as its text: YAML reads an unquoted {@code 7} or {@code yes} as a number or boolean. */
    private static JsonNode string(KeyType t, JsonNode v, String path) {
        if (v.isValueNode()) {
            return NODES.textNode(v.asText());
        }
        throw expected(t, v, path);
    }

    private static JsonNode path(KeyType t, JsonNode v, String path) {
        if (v.isValueNode() && !v.asText().isEmpty()) {
            return NODES.textNode(v.asText());
        }
        throw expected(t, v, path);
    }

    /** Enum constants by their JSON names; case and '-' versus '_' do not matter, the JSON name is what is kept. */
    private static JsonNode enumName(KeyType t, JsonNode v, String path) {
        if (v.isValueNode()) {
            String given = v.asText().trim();
            for (String name : t.enumNames()) {
                if (name.equals(given)) {
                    return NODES.textNode(name);
                }
            }
            String loose = loose(given);
            String match = null;
            int matches = 0;
            for (String name : t.enumNames()) {
                if (loose(name).equals(loose)) {
                    match = name;
                    matches++;
                }
            }
            if (matches == 1) {
                return NODES.textNode(match);
            }
        }
        throw new ConfigProblem(path, "expected one of " + String.join(", ", t.enumNames()) + "; got "
                + ValueText.kindOf(v));
    }

    private static String loose(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static JsonNode list(KeyType t, JsonNode v, String path) {
        if (!v.isArray()) {
            throw expected(t, v, path);
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String at = path + "[" + i + "]";
            if (e.isNull()) {
                throw new ConfigProblem(at, "expected " + t.element().describe() + ", got null");
            }
            out.add(value(t.element(), e, at));
        }
        return out;
    }

    private static ConfigProblem expected(KeyType t, JsonNode v, String path) {
        return new ConfigProblem(path, "expected " + t.describe() + ", got " + ValueText.kindOf(v));
    }
}
