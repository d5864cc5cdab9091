package dev.codedpo.data.pairs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Efficiency pairs among codes that pass the whole trusted test set: chosen = faster, rejected = slower, only when
 * the difference is clear of measurement noise (speed-up of at least {@link PairRules#minSpeedup()} on medians and
 * non-overlapping repeated timings).
 */
public final class EfficiencyPairSelector {
    private final PairRules rules;

    public EfficiencyPairSelector(PairRules rules) {
        this.rules = rules;
    }

    public List<IndexPair> select(List<CodeTiming> timings, List<String> codes) {
        List<CodeTiming> sorted = new ArrayList<>(timings);
        sorted.sort(Comparator.comparingDouble(CodeTiming::median).thenComparingInt(CodeTiming::code));
        List<IndexPair> out = new ArrayList<>();
        for (int i = 0; i < rules.pairsPerTask() && i < sorted.size() - 1 - i; i++) {
            CodeTiming fast = sorted.get(i);
            CodeTiming slow = sorted.get(sorted.size() - 1 - i);
            if (!clearlyFaster(fast, slow)) {
                break;
            }
            if (!codes.get(fast.code()).strip().equals(codes.get(slow.code()).strip())) {
                out.add(new IndexPair(fast.code(), slow.code()));
            }
        }
        return out;
    }

    boolean clearlyFaster(CodeTiming fast, CodeTiming slow) {
        return slow.median() >= rules.minSpeedup() * fast.median() && fast.max() < slow.min();
    }
}
