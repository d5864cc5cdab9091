package dev.codedpo.data.world.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Learns byte-level BPE merges by pair counting: split the corpus into pieces, count each piece, then repeatedly merge
 * the most frequent adjacent pair (ties: the pair whose two tokens come first in string order), until the vocabulary
 * reaches its size (merges that make an existing token add none) or no pair occurs twice. Deterministic for a corpus.
 */
public final class BpeTrainer {
    private BpeTrainer() {}

    public static BpeModel train(List<String> corpus, int vocabSize) {
        int tokensWanted = vocabSize - BpeModel.SPECIALS.size() - 256;
        if (tokensWanted < 0) {
            throw new IllegalArgumentException("vocab_size " + vocabSize + " is smaller than the "
                    + (BpeModel.SPECIALS.size() + 256) + " special and byte tokens");
        }
        // TreeMap: a fixed order of pieces, so the symbol lists below are built the same way every run.
        Map<String, Integer> pieceCounts = new TreeMap<>();
        for (String text : corpus) {
            for (String p : PreTokenizer.split(text)) {
                pieceCounts.merge(ByteAlphabet.encode(p), 1, Integer::sum);
            }
        }
        List<List<String>> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        pieceCounts.forEach((w, c) -> {
            List<String> symbols = new ArrayList<>();
            w.chars().forEach(ch -> symbols.add(String.valueOf((char) ch)));
            words.add(symbols);
            counts.add(c);
        });
        List<String[]> merges = new ArrayList<>();
        Set<String> made = new HashSet<>();
        while (made.size() < tokensWanted) {
            String[] best = mostFrequentPair(words, counts);
            if (best == null) {
                break;
            }
            merges.add(best);
            made.add(best[0] + best[1]);
            for (List<String> w : words) {
                apply(w, best);
            }
        }
        return new BpeModel(merges);
    }

    private static String[] mostFrequentPair(List<List<String>> words, List<Integer> counts) {
        Map<List<String>, Long> pairs = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            List<String> w = words.get(i);
            for (int j = 0; j + 1 < w.size(); j++) {
                pairs.merge(List.of(w.get(j), w.get(j + 1)), (long) counts.get(i), Long::sum);
            }
        }
        List<String> best = null;
        long bestCount = 1;
        for (Map.Entry<List<String>, Long> e : pairs.entrySet()) {
            long c = e.getValue();
            if (c > bestCount || (c == bestCount && best != null && before(e.getKey(), best))) {
                best = e.getKey();
                bestCount = c;
            }
        }
        return best == null ? null : new String[] {best.get(0), best.get(1)};
    }

    private static boolean before(List<String> a, List<String> b) {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c < 0 : a.get(1).compareTo(b.get(1)) < 0;
    }

    /** Merges every occurrence of the pair, left to right, never overlapping. */
    private static void apply(List<String> w, String[] pair) {
        for (int j = 0; j + 1 < w.size(); j++) {
            if (w.get(j).equals(pair[0]) && w.get(j + 1).equals(pair[1])) {
                w.set(j, pair[0] + pair[1]);
                w.remove(j + 1);
            }
        }
    }
}
