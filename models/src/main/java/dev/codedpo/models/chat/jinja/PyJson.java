package dev.codedpo.models.chat.jinja;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(x, ensure_ascii, indent, separators, sort_keys)}, which transformers installs as the
 * {@code tojson} filter: ", " and ": " between items unless an indent is given (then "," and ": "), nothing
 * HTML-escaped, and non-ASCII text kept unless ensure_ascii.
 */
final class PyJson {
    /** @param indent null for one line, else the text of one level of indentation */
    record Options(boolean ensureAscii, String indent, String itemSeparator, String keySeparator,
                   boolean sortKeys) {}

    private PyJson() {}

    static Options options(boolean ensureAscii, Object indent, List<?> separators, boolean sortKeys) {
        String unit = null;
        if (indent instanceof Number n) {
            unit = " ".repeat(Math.max(0, n.intValue()));
        } else if (indent instanceof CharSequence s) {
            unit = s.toString();
        } else if (indent != null) {
            throw new IllegalArgumentException("tojson indent must be a number or a string, got " + indent);
        }
        String item = unit == null ? ", " : ",";
        String key = ": ";
        if (separators != null) {
            if (separators.size() != 2) {
                throw new IllegalArgumentException("tojson separators must be two strings, got " + separators);
            }
            item = String.valueOf(separators.get(0));
            key = String.valueOf(separators.get(1));
        }
        return new Options(ensureAscii, unit, item, key, sortKeys);
    }

    static String dumps(Object value, Options o) {
        StringBuilder out = new StringBuilder();
        write(out, value, o, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object v, Options o, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Number n) {
            out.append(number(n));
        } else if (v instanceof CharSequence || v instanceof Character) {
            string(out, v.toString(), o.ensureAscii());
        } else if (v instanceof Map<?, ?> m) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            m.forEach((k, x) -> entries.add(Map.entry(key(k), x == null ? NULL : x)));
            if (o.sortKeys()) {
                entries.sort(Map.Entry.comparingByKey());
            }
            container(out, '{', '}', entries.iterator(), o, depth, (e, d) -> {
                string(out, e.getKey(), o.ensureAscii());
                out.append(o.keySeparator());
                write(out, e.getValue() == NULL ? null : e.getValue(), o, d);
            });
        } else if (v instanceof Iterable<?> it) {
            container(out, '[', ']', it.iterator(), o, depth, (x, d) -> write(out, x, o, d));
        } else if (v.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                items.add(Array.get(v, i));
            }
            container(out, '[', ']', items.iterator(), o, depth, (x, d) -> write(out, x, o, d));
        } else {
            throw new IllegalArgumentException("Object of type " + v.getClass().getSimpleName()
                    + " is not JSON serializable");
        }
    }

    /** Map.entry refuses null values; this stands for one. */
    private static final Object NULL = new Object();

    private interface ItemWriter<T> {
        void write(T item, int depth);
    }

    private static <T> void container(StringBuilder out, char open, char close, Iterator<T> items, Options o,
                                      int depth, ItemWriter<T> writer) {
        out.append(open);
        if (!items.hasNext()) {
            out.append(close);
            return;
        }
        boolean first = true;
        while (items.hasNext()) {
            if (!first) {
                out.append(o.itemSeparator());
            }
            newline(out, o, depth + 1);
            writer.write(items.next(), depth + 1);
            first = false;
        }
        newline(out, o, depth);
        out.append(close);
    }

    private static void newline(StringBuilder out, Options o, int depth) {
        if (o.indent() != null) {
            out.append('\n').append(o.indent().repeat(depth));
        }
    }

    /** Python turns non-string keys into strings as JSON would print them. */
    private static String key(Object k) {
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (k instanceof Number n) {
            return number(n);
        }
        return k.toString();
    }

    static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            return PyStr.floatRepr(n.doubleValue());
        }
        return n.toString();
    }

    private static void string(StringBuilder out, String s, boolean ensureAscii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
