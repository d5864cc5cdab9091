package dev.codedpo.data.pairs;

import dev.codedpo.data.rank.Scores;
import java.util.ArrayList;
import java.util.List;

/**
 * Correctness pairs: chosen = highest-scoring code, rejected = lowest-scoring; with more pairs per task, the i-th
 * best against the i-th worst. Equal scores (e.g. nothing passes anything) and identical code texts give no pair.
 */
public final class CorrectnessPairSelector {
    private final PairRules rules;

    public CorrectnessPairSelector(PairRules rules) {
        this.rules = rules;
    }

    public List<IndexPair> select(Scores scores, List<String> codes) {
        int[] order = scores.codeOrder();
        double[] s = scores.codeScores();
        List<IndexPair> out = new ArrayList<>();
        for (int i = 0; i < rules.pairsPerTask() && i < order.length - 1 - i; i++) {
            int hi = order[i];
            int lo = order[order.length - 1 - i];
            boolean strictlyBetter = s[hi] > s[lo];
            boolean clearGap = scores.normalised(hi) - scores.normalised(lo) >= rules.minScoreGap();
            if (!strictlyBetter || !clearGap) {
                break;
            }
            if (!codes.get(hi).strip().equals(codes.get(lo).strip())) {
                out.add(new IndexPair(hi, lo));
            }
        }
        return out;
    }
}
