package dev.codedpo.data.world.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE vocabulary: special tokens, the 256 byte characters, then the token each merge makes (new ones
 * only), ids in that order.
 * {@link #encode} applies merges the way Hugging Face's BPE model does (in each piece, the lowest-ranked adjacent
 * pair first, leftmost among equals), so tests can hold the written tokenizer.json to it.
 */
public final class BpeModel {
    public static final List<String> SPECIALS = List.of("<s>", "</s>", "<pad>");

    private final List<String[]> merges;
    private final Map<String, Integer> vocab = new LinkedHashMap<>();
    private final Map<String, Integer> rank = new HashMap<>();

    public BpeModel(List<String[]> merges) {
        this.merges = List.copyOf(merges);
        SPECIALS.forEach(s -> vocab.put(s, vocab.size()));
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(ByteAlphabet.of(b)), vocab.size());
        }
        for (int i = 0; i < merges.size(); i++) {
            String[] m = merges.get(i);
            // Two merges may make the same token ("a"+"bc", "ab"+"c"): it gets one id, as in Hugging Face's BPE.
            vocab.putIfAbsent(m[0] + m[1], vocab.size());
            if (rank.putIfAbsent(m[0] + " " + m[1], i) != null) {
                throw new IllegalArgumentException("merge " + m[0] + " " + m[1] + " given twice");
            }
        }
    }

    public List<String[]> merges() {
        return merges;
    }

    /** Token to id, in id order. */
    public Map<String, Integer> vocab() {
        return java.util.Collections.unmodifiableMap(vocab);
    }

    public int size() {
        return vocab.size();
    }

    /** Token ids of {@code text} (no special tokens). */
    public List<Integer> encode(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String piece : PreTokenizer.split(text)) {
            for (String token : mergePiece(ByteAlphabet.encode(piece))) {
                ids.add(vocab.get(token));
            }
        }
        return ids;
    }

    private List<String> mergePiece(String chars) {
        List<String> s = new ArrayList<>();
        chars.chars().forEach(c -> s.add(String.valueOf((char) c)));
        while (s.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < s.size(); i++) {
                Integer r = rank.get(s.get(i) + " " + s.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            s.set(best, s.get(best) + s.remove(best + 1));
        }
        return s;
    }
}
