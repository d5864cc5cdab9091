package dev.codedpo.data.pairs;

/**
 * How pairs are taken from one task's ranking.
 *
 * @param pairsPerTask at most this many pairs of each kind per task: the i-th best against the i-th worst
 * @param minScoreGap  a correctness pair needs (score(chosen) - score(rejected)) / top score of the task of at least
 *                     this, and always a strictly higher chosen score; scale-free so that it means the same for every
 *                     ranking
 * @param minSpeedup   an efficiency pair needs median(slow) / median(fast) of at least this ...
 *                     and the two codes' repeated timings must not overlap (max of fast below min of slow)
 */
public record PairRules(int pairsPerTask, double minScoreGap, double minSpeedup) {
    public PairRules {
        if (pairsPerTask < 1) {
            throw new IllegalArgumentException("pairs per task must be >= 1");
        }
        if (minScoreGap < 0 || minScoreGap > 1) {
            throw new IllegalArgumentException("min score gap must be in [0, 1]");
        }
        if (minSpeedup < 1) {
            throw new IllegalArgumentException("min speed-up must be >= 1");
        }
    }
}
