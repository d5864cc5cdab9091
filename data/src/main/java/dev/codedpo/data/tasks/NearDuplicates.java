package dev.codedpo.data.tasks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Near-duplicate filter: a text is a near duplicate of an earlier kept one when the Jaccard similarity of their sets
 * of token n-grams (identifiers, numbers and single symbols; whitespace and layout ignored) is at least the
 * threshold. Exact pairwise comparison, pruned by set sizes (J(a, b) <= min/max): quadratic, but seed corpora of tens
 * of thousands of snippets stay in seconds, and the answer is exact where MinHash would only estimate it.
 */
public final class NearDuplicates {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\\S");

    private final int n;
    private final double threshold;

    public NearDuplicates(int n, double threshold) {
        if (n < 1 || !(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("n >= 1 and a threshold in (0, 1] expected");
        }
        this.n = n;
        this.threshold = threshold;
    }

    /** Indices of the texts kept, in order: each text is kept unless it is a near duplicate of one kept before it. */
    public List<Integer> keep(List<String> texts) {
        List<Integer> kept = new ArrayList<>();
        List<Set<Long>> keptGrams = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Set<Long> g = grams(texts.get(i), n);
            boolean dup = false;
            for (Set<Long> k : keptGrams) {
                if (similarity(g, k) >= threshold) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                kept.add(i);
                keptGrams.add(g);
            }
        }
        return kept;
    }

    /** The Jaccard similarity of two texts' n-gram sets (1 for two texts without tokens). */
    public double similarity(String a, String b) {
        return similarity(grams(a, n), grams(b, n));
    }

    private double similarity(Set<Long> a, Set<Long> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        int small = Math.min(a.size(), b.size());
        int large = Math.max(a.size(), b.size());
        if ((double) small / large < threshold) {
            return (double) small / large; // an upper bound below the threshold is answer enough
        }
        Set<Long> s = a.size() <= b.size() ? a : b;
        Set<Long> l = s == a ? b : a;
        int common = 0;
        for (Long x : s) {
            if (l.contains(x)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Texts shorter than n tokens give their whole token sequence as their one n-gram. */
    static Set<Long> grams(String text, int n) {
        List<String> t = tokens(text);
        Set<Long> out = new HashSet<>();
        if (t.isEmpty()) {
            return out;
        }
        for (int i = 0; i + n <= Math.max(t.size(), n); i++) {
            out.add(hash(t.subList(i, Math.min(i + n, t.size()))));
        }
        return out;
    }

    /** A 64-bit hash of a token sequence (collisions among the n-grams of two snippets are negligible). */
    static long hash(List<String> tokens) {
        long h = 0xcbf29ce484222325L;
        for (String s : tokens) {
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0x1F) * 0x100000001b3L; // a separator, so ["ab","c"] and ["a","bc"] differ
        }
        return h;
    }
}
