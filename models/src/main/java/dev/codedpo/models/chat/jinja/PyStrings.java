package dev.codedpo.models.chat.jinja;

import java.util.ArrayList;
import java.util.List;

/** Python's str methods that chat templates call, with Python's meaning of whitespace and of each argument. */
final class PyStrings {
    private PyStrings() {}

    /** Python's str.isspace() for one code point. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** str.strip / lstrip / rstrip: {@code chars} null strips whitespace. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int begin = 0;
        int end = s.length();
        while (left && begin < end && strips(s.codePointAt(begin), chars)) {
            begin += Character.charCount(s.codePointAt(begin));
        }
        while (right && end > begin && strips(s.codePointBefore(end), chars)) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(begin, end);
    }

    private static boolean strips(int cp, String chars) {
        return chars == null ? isSpace(cp) : chars.codePoints().anyMatch(c -> c == cp);
    }

    /** str.split(sep, maxsplit): with no separator, runs of whitespace split and ends are dropped. */
    static List<String> split(String s, String sep, int maxSplit) {
        List<String> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            while (true) {
                while (i < s.length() && isSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                if (i >= s.length()) {
                    return parts;
                }
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(strip(s.substring(i), null, false, true));
                    return parts;
                }
                int j = i;
                while (j < s.length() && !isSpace(s.codePointAt(j))) {
                    j += Character.charCount(s.codePointAt(j));
                }
                parts.add(s.substring(i, j));
                i = j;
            }
        }
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int from = 0;
        int at;
        while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    /** str.title(): the first letter of each run of letters upper-cased, the rest lower-cased. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean letter = Character.isLetter(cp);
            out.appendCodePoint(letter ? (inWord ? Character.toLowerCase(cp) : Character.toTitleCase(cp)) : cp);
            inWord = letter;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** str.capitalize(): first character upper-cased, the rest lower-cased. */
    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(Character.charCount(first)).toLowerCase()).toString();
    }

    /** str.replace(old, new, count): count < 0 replaces every occurrence. */
    static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        if (old.isEmpty()) {
            throw new IllegalArgumentException("replace('', ..., count) is not supported");
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        for (int n = 0; n < count && (at = s.indexOf(old, from)) >= 0; n++) {
            out.append(s, from, at).append(replacement);
            from = at + old.length();
        }
        return out.append(s.substring(from)).toString();
    }
}
