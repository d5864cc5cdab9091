package dev.codedpo.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a config key holds, read from the record component's Java type. The kinds the loader types by itself are
 * listed in {@link Kind}; any other type is handed to Jackson as written ({@link Kind#OTHER}).
 */
record KeyType(Kind kind, Class<?> raw, boolean nullable, BigInteger min, BigInteger max, List<String> enumNames,
               KeyType element, RecordSchema block) {

    enum Kind { INTEGER, NUMBER, BOOLEAN, STRING, PATH, ENUM, LIST, BLOCK, OTHER }

    static KeyType of(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            KeyType element = of(p.getActualTypeArguments()[0]);
            if (element.kind == Kind.LIST || element.kind == Kind.BLOCK || element.kind == Kind.OTHER) {
                return simple(Kind.OTHER, List.class);
            }
            return new KeyType(Kind.LIST, List.class, true, null, null, List.of(), element, null);
        }
        if (!(type instanceof Class<?> c)) {
            return simple(Kind.OTHER, Object.class);
        }
        if (c == int.class || c == Integer.class) {
            return integer(c, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (c == long.class || c == Long.class) {
            return integer(c, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (c == short.class || c == Short.class) {
            return integer(c, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        if (c == byte.class || c == Byte.class) {
            return integer(c, Byte.MIN_VALUE, Byte.MAX_VALUE);
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return simple(Kind.NUMBER, c);
        }
        if (c == boolean.class || c == Boolean.class) {
            return simple(Kind.BOOLEAN, c);
        }
        if (c == String.class) {
            return simple(Kind.STRING, c);
        }
        if (Path.class.isAssignableFrom(c)) {
            return simple(Kind.PATH, c);
        }
        if (c.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                JsonNode n = Json.MAPPER.valueToTree(constant);
                names.add(n.asText());
            }
            return new KeyType(Kind.ENUM, c, true, null, null, List.copyOf(names), null, null);
        }
        if (c.isRecord()) {
            return new KeyType(Kind.BLOCK, c, true, null, null, List.of(), null, RecordSchema.of(c));
        }
        return simple(Kind.OTHER, c);
    }

    private static KeyType simple(Kind kind, Class<?> c) {
        return new KeyType(kind, c, !c.isPrimitive(), null, null, List.of(), null, null);
    }

    private static KeyType integer(Class<?> c, long min, long max) {
        return new KeyType(Kind.INTEGER, c, !c.isPrimitive(), BigInteger.valueOf(min), BigInteger.valueOf(max),
                List.of(), null, null);
    }

    /** How the type is named in messages and help: "an integer", "a list of numbers". */
    String describe() {
        return switch (kind) {
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case PATH -> "a path";
            case ENUM -> "one of " + String.join(", ", enumNames);
            case LIST -> "a list of " + plural(element);
            case BLOCK -> "a mapping of keys";
            case OTHER -> "a " + raw.getSimpleName();
        };
    }

    private static String plural(KeyType t) {
        return switch (t.kind) {
            case INTEGER -> "integers";
            case NUMBER -> "numbers";
            case BOOLEAN -> "booleans";
            case STRING -> "strings";
            case PATH -> "paths";
            case ENUM -> "values from " + String.join(", ", t.enumNames);
            default -> "values";
        };
    }
}
