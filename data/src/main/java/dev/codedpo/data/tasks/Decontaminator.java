package dev.codedpo.data.tasks;

import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.suite.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark decontamination as is usual for instruction data: a task is contaminated when at least
 * {@code minShared} of its word n-grams (words: runs of letters, digits and underscores, lower-cased; punctuation
 * and layout ignored) also occur in a prompt or canonical solution of an evaluation suite.
 */
public final class Decontaminator {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");

    private final int n;
    private final int minShared;
    /** n-gram hash -> the first suite it was seen in. */
    private final Map<Long, String> index = new HashMap<>();

    public Decontaminator(List<String> suites, int n, int minShared) {
        this.n = n;
        this.minShared = minShared;
        for (String name : suites) {
            Suite s = SuiteLoader.load(name);
            for (Task t : s.tasks()) {
                for (String text : new String[] {t.prompt(), t.reference()}) {
                    if (text != null) {
                        grams(text).forEach(g -> index.putIfAbsent(g, name));
                    }
                }
            }
        }
    }

    /** The suite a text overlaps, or null when it is clean. */
    public String overlap(String text) {
        int shared = 0;
        Map<String, Integer> bySuite = new HashMap<>();
        for (long g : grams(text)) {
            String suite = index.get(g);
            if (suite != null) {
                shared++;
                bySuite.merge(suite, 1, Integer::sum);
            }
        }
        if (shared < minShared) {
            return null;
        }
        return bySuite.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
    }

    Set<Long> grams(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        Set<Long> out = new HashSet<>();
        for (int i = 0; i + n <= words.size(); i++) {
            out.add(NearDuplicates.hash(words.subList(i, i + n)));
        }
        return out;
    }
}
