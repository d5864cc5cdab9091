package dev.codedpo.data.report;

import java.util.Locale;
import java.util.Optional;

/** How numbers look in report tables; one place so the report and the multi-run table agree. */
final class Cells {
    static final String MISSING = "-";

    private Cells() {}

    /** A rate in [0, 1] as a percentage with two decimals: 0.5 -> "50.00". */
    static String percent(Optional<Double> rate) {
        return rate.map(r -> String.format(Locale.ROOT, "%.2f", 100 * r)).orElse(MISSING);
    }

    /** A difference of rates in signed percentage points: 0.0667 -> "+6.67". */
    static String points(Optional<Double> diff) {
        return diff.map(d -> String.format(Locale.ROOT, "%+.2f", 100 * d)).orElse(MISSING);
    }

    /** A speed-up ratio: 1.41421 -> "1.414x". */
    static String ratio(double r) {
        return Double.isNaN(r) ? MISSING : String.format(Locale.ROOT, "%.3fx", r);
    }

    static String share(double s) {
        return Double.isNaN(s) ? MISSING : String.format(Locale.ROOT, "%.1f%%", 100 * s);
    }
}
