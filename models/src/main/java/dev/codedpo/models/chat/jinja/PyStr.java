package dev.codedpo.models.chat.jinja;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** Python's str() of a value, which is what Jinja2 prints for {{ value }}: True, 2.0, ['a', 'b'], {'k': 1}. */
final class PyStr {
    private PyStr() {}

    /** Undefined and none both reach here as null; undefined (the usual case in templates) prints nothing. */
    static String str(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof CharSequence || v instanceof Character) {
            return v.toString();
        }
        return repr(v);
    }

    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double || v instanceof Float) {
            return floatRepr(((Number) v).doubleValue());
        }
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof CharSequence || v instanceof Character) {
            return quote(v.toString());
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder out = new StringBuilder("{");
            for (Iterator<? extends Map.Entry<?, ?>> i = m.entrySet().iterator(); i.hasNext(); ) {
                Map.Entry<?, ?> e = i.next();
                out.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                if (i.hasNext()) {
                    out.append(", ");
                }
            }
            return out.append('}').toString();
        }
        if (v instanceof Iterable<?> it) {
            StringBuilder out = new StringBuilder("[");
            for (Iterator<?> i = it.iterator(); i.hasNext(); ) {
                out.append(repr(i.next()));
                if (i.hasNext()) {
                    out.append(", ");
                }
            }
            return out.append(']').toString();
        }
        if (v.getClass().isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(v); i++) {
                out.append(i > 0 ? ", " : "").append(repr(Array.get(v, i)));
            }
            return out.append(']').toString();
        }
        return v.toString();
    }

    /** Python's shortest round-trip float repr: 2.0, 0.1, 1e-05, 1e+16, inf, nan. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        String plain = shortest.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static String quote(String s) {
        char q = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == q) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(q).toString();
    }
}
