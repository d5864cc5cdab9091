package dev.codedpo.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Values as people read them: in messages ({@code 1e-05}, {@code "eight"}) and in rendered YAML files. */
final class ValueText {
    /** Words a YAML 1.1 reader takes for something other than a string, so such strings must be quoted. */
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null",
            "~");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");

    private ValueText() {}

    /** A value in a message: strings quoted, lists and mappings in flow style. */
    static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "absent";
        }
        if (v.isTextual()) {
            return Json.line(v.asText());
        }
        if (v.isFloatingPointNumber()) {
            return number(v.doubleValue(), false);
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(show(e)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v.isObject()) {
            return Json.line(v);
        }
        return v.asText();
    }

    /** What a given value is, for "expected X, got Y": scalars shown, containers named. */
    static String kindOf(JsonNode v) {
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return show(v);
    }

    /** A value as YAML flow text that a YAML 1.1 reader and this project's loader both read back unchanged. */
    static String yaml(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "null";
        }
        if (v.isTextual()) {
            String s = v.asText();
            return isPlain(s) ? s : Json.line(s);
        }
        if (v.isFloatingPointNumber()) {
            return number(v.doubleValue(), true);
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(yaml(e)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v.isObject()) {
            return Json.line(v);
        }
        return v.asText();
    }

    private static boolean isPlain(String s) {
        return PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT));
    }

    /**
     * Shortest text that reads back as the same double, in exponent form below 1e-4 and from 1e16 on ({@code 1e-05}
     * for messages; {@code 1.0e-05} for YAML, whose 1.1 float pattern needs the dot and the exponent's sign).
     */
    static String number(double d, boolean yaml) {
        if (Double.isNaN(d)) {
            return yaml ? ".nan" : "NaN";
        }
        if (Double.isInfinite(d)) {
            return (d < 0 ? "-" : "") + (yaml ? ".inf" : "Infinity");
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = b.precision() - b.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String mantissa = b.movePointLeft(exponent).toPlainString();
            if (yaml && !mantissa.contains(".")) {
                mantissa += ".0";
            }
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        String plain = b.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
