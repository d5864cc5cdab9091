package dev.codedpo.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known key an unknown one most likely meant. Typos ({@code epohcs}), other spellings ({@code learning-rate},
 * {@code learningRate}), initials ({@code lr}) and a key given outside its block ({@code rank} for
 * {@code lora.rank}) are recognised; anything further off gets no suggestion rather than a random one.
 */
final class KeySuggester {
    private KeySuggester() {}

    /** @param known full dotted paths of every key */
    static Optional<String> closest(String typed, Collection<String> known) {
        String parent = parent(typed);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (typed.startsWith(candidate + ".")) {
                continue; // the block the unknown key was looked up in
            }
            int whole = score(typed, candidate);
            int leaf = score(last(typed), last(candidate));
            int score = Math.min(whole, leaf == Integer.MAX_VALUE ? leaf : leaf + 1);
            if (score == Integer.MAX_VALUE) {
                continue;
            }
            score = score * 2 + (parent(candidate).equals(parent) ? 0 : 1);
            if (score < bestScore || (score == bestScore && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Lower is closer; MAX_VALUE means unrelated. */
    private static int score(String typed, String candidate) {
        String a = squash(typed);
        String b = squash(candidate);
        if (a.equals(b)) {
            return 0;
        }
        if (typed.length() >= 2 && typed.chars().allMatch(Character::isLetter)
                && initials(candidate).equals(typed.toLowerCase(Locale.ROOT))) {
            return 1;
        }
        int d = distance(a, b);
        int limit = Math.min(a.length(), b.length()) <= 4 ? 1 : 2;
        if (d <= limit) {
            return 1 + d;
        }
        if (a.length() >= 3 && b.length() >= 3 && (a.startsWith(b) || b.startsWith(a))) {
            return 4;
        }
        return Integer.MAX_VALUE;
    }

    private static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String initials(String key) {
        StringBuilder b = new StringBuilder();
        for (String word : last(key).split("_")) {
            if (!word.isEmpty()) {
                b.append(Character.toLowerCase(word.charAt(0)));
            }
        }
        return b.toString();
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
