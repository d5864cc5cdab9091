package dev.codedpo.eval.run;

import java.util.List;

/**
 * The unbiased pass@k estimator of Chen et al. (2021): for a task with n samples of which c are correct,
 * pass@k = 1 - C(n-c, k) / C(n, k), averaged over tasks.
 */
public final class PassAtK {
    private PassAtK() {}

    /**
     * Computed as 1 - prod_{i=n-c+1}^{n} (1 - k/i), which equals the ratio of binomials without forming them
     * (C(200, 100) alone overflows a double's exact range).
     */
    public static double estimate(int n, int c, int k) {
        if (k < 1 || n < k || c < 0 || c > n) {
            throw new IllegalArgumentException("need 1 <= k <= n and 0 <= c <= n, got n=" + n + " c=" + c + " k=" + k);
        }
        if (n - c < k) {
            return 1.0;
        }
        double prod = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            prod *= 1.0 - (double) k / i;
        }
        return 1.0 - prod;
    }

    /** Mean of {@link #estimate} over tasks, given each task's (n, c). */
    public static double mean(List<int[]> nAndC, int k) {
        if (nAndC.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (int[] nc : nAndC) {
            s += estimate(nc[0], nc[1], k);
        }
        return s / nAndC.size();
    }
}
