package dev.codedpo.data.world;

import dev.codedpo.eval.check.PyLiteral;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Seeded test inputs, as Python literals of the function's one argument. Edge cases come first (the empty input, then
 * one with negatives or a single element), then small random inputs; all distinct.
 */
public final class InputGenerator {
    /** Short words whose first letters, letters and last letters hit every word filter. */
    static final List<String> WORDS = List.of("ant", "apple", "bee", "bird", "box", "bus", "cake", "cat", "cup", "dog",
            "egg", "fish", "hat", "ice", "kite", "moon", "nest", "owl", "pen", "sea", "star", "sun", "toast", "tree");
    private static final String CHARS = "aabcdeeiioouxyzABEXZ0129  ";
    private static final int MAX_TRIES = 1000;

    private InputGenerator() {}

    /** {@code count} distinct inputs for a task of {@code kind}. */
    public static List<String> inputs(ElementKind kind, int count, Random r) {
        Set<String> out = new LinkedHashSet<>(edgeCases(kind));
        for (int tries = 0; out.size() < count && tries < MAX_TRIES; tries++) {
            out.add(small(kind, r));
        }
        if (out.size() < count) {
            throw new IllegalStateException("cannot draw " + count + " distinct inputs for " + kind);
        }
        return new ArrayList<>(out).subList(0, count);
    }

    public static List<String> edgeCases(ElementKind kind) {
        return switch (kind) {
            case INTS -> List.of("[]", "[-4, -1, -7]");
            case WORDS -> List.of("[]", "['sea']");
            case CHARS -> List.of("''", "'A b1'");
        };
    }

    static String small(ElementKind kind, Random r) {
        return switch (kind) {
            case INTS -> ints(1 + r.nextInt(6), -9, 12, r);
            case WORDS -> {
                List<String> ws = new ArrayList<>();
                int n = 1 + r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    ws.add(WORDS.get(r.nextInt(WORDS.size())));
                }
                yield strings(ws);
            }
            case CHARS -> {
                StringBuilder b = new StringBuilder();
                int n = 1 + r.nextInt(9);
                for (int i = 0; i < n; i++) {
                    b.append(CHARS.charAt(r.nextInt(CHARS.length())));
                }
                yield PyLiteral.str(b.toString());
            }
        };
    }

    /**
     * A large input of about {@code n} elements with many distinct values, for measuring how work grows (not used
     * as a test: expected outputs stay small).
     */
    public static String large(ElementKind kind, int n, Random r) {
        return switch (kind) {
            case INTS -> ints(n, -1000, 1000, r);
            case WORDS -> {
                List<String> ws = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    StringBuilder b = new StringBuilder();
                    int len = 2 + r.nextInt(6);
                    for (int j = 0; j < len; j++) {
                        b.append((char) ('a' + r.nextInt(26)));
                    }
                    ws.add(b.toString());
                }
                yield strings(ws);
            }
            case CHARS -> {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    b.append(CHARS.charAt(r.nextInt(CHARS.length())));
                }
                yield PyLiteral.str(b.toString());
            }
        };
    }

    private static String ints(int n, int lo, int hi, Random r) {
        List<String> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xs.add(Integer.toString(lo + r.nextInt(hi - lo + 1)));
        }
        return "[" + String.join(", ", xs) + "]";
    }

    private static String strings(List<String> ws) {
        return ws.stream().map(PyLiteral::str).collect(Collectors.joining(", ", "[", "]"));
    }
}
