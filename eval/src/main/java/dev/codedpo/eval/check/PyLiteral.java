package dev.codedpo.eval.check;

/** Python source literals for values that Java splices into generated test programs. */
public final class PyLiteral {
    private PyLiteral() {}

    /** A single-quoted str literal that evaluates to exactly {@code s} (ASCII only, so no source encoding issue). */
    public static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16).append('\'');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (cp >= 0x20 && cp < 0x7f) {
                        b.append((char) cp);
                    } else if (cp <= 0xff) {
                        b.append(String.format("\\x%02x", cp));
                    } else if (cp <= 0xffff) {
                        b.append(String.format("\\u%04x", cp));
                    } else {
                        b.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        return b.append('\'').toString();
    }

    /** A float literal; Python reads Java's "1.0E-6" form as the same double. */
    public static String num(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        return Double.toString(d);
    }
}
