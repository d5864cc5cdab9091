package dev.codedpo.data.rank;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Scores of one task's codes and tests. Only the order matters to the pair rules; the values are reported.
 */
public record Scores(double[] codeScores, double[] testScores) {
    /** Code indices best first; ties keep input order so that every ranking is deterministic. */
    public int[] codeOrder() {
        return IntStream.range(0, codeScores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -codeScores[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Index of the best code (first among equals), or -1 when there are no codes. */
    public int bestCode() {
        return codeScores.length == 0 ? -1 : codeOrder()[0];
    }

    /** The code's score divided by the task's top score, in [0, 1] for non-negative scores. */
    public double normalised(int code) {
        double max = Arrays.stream(codeScores).max().orElse(0);
        return max <= 0 ? 0 : codeScores[code] / max;
    }
}
