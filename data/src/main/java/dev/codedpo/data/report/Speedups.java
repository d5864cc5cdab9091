package dev.codedpo.data.report;

import dev.codedpo.eval.compare.ComparisonReport;
import dev.codedpo.eval.compare.ProblemSpeedup;
import java.util.List;

/**
 * Speed-up statistics pooled over the problems of several comparisons (one per suite), defined as compare defines
 * them for one: arithmetic and geometric mean of before/after, and the share at least 10% faster.
 */
public record Speedups(int problems, double mean, double geoMean, double shareFaster10) {
    public static Speedups pooled(List<ComparisonReport> reports) {
        List<ProblemSpeedup> all = reports.stream().flatMap(r -> r.problems().stream()).toList();
        int n = all.size();
        if (n == 0) {
            return new Speedups(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = all.stream().mapToDouble(ProblemSpeedup::speedup).average().orElseThrow();
        double geo = Math.exp(all.stream().mapToDouble(p -> Math.log(p.speedup())).average().orElseThrow());
        double faster = all.stream().filter(p -> p.speedup() >= 1.1).count() / (double) n;
        return new Speedups(n, mean, geo, faster);
    }
}
