package dev.codedpo.train.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The plottable (step, value) pairs of one metric across the logged rows. Rows without a numeric {@code step}, and
 * values that are missing, null, non-numeric or not finite (a KTO step with no desirable row logs
 * {@code rewards/chosen: null}; a diverged run logs NaN) are left out rather than drawn as zero.
 */
record MetricPoints(String key, double[] steps, double[] values) {

    MetricPoints {
        if (steps.length != values.length) {
            throw new IllegalArgumentException(key + ": " + steps.length + " steps but " + values.length + " values");
        }
    }

    static MetricPoints of(List<Map<String, Object>> rows, String key) {
        double[] steps = new double[rows.size()];
        double[] values = new double[rows.size()];
        int n = 0;
        for (Map<String, Object> row : rows) {
            double step = finite(row.get("step"));
            double value = finite(row.get(key));
            if (Double.isNaN(step) || Double.isNaN(value)) {
                continue;
            }
            steps[n] = step;
            values[n] = value;
            n++;
        }
        return new MetricPoints(key, Arrays.copyOf(steps, n), Arrays.copyOf(values, n));
    }

    boolean isEmpty() {
        return steps.length == 0;
    }

    /** NaN stands for "no point here"; infinities would wreck the axis range, so they count as missing too. */
    private static double finite(Object value) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? d : Double.NaN;
        }
        return Double.NaN;
    }
}
