package dev.codedpo.train.report;

import java.util.List;

/**
 * One PNG to draw: its file name, title, y-axis label and the metric keys plotted as series (eval keys, which
 * arrive every eval interval rather than every logged step, are drawn with markers so that sparse points stay
 * visible).
 *
 * @param yPattern a {@link java.text.DecimalFormat} pattern for the y ticks, or null for XChart's own choice
 * @param yMin fixed lower end of the y axis, or null to fit the data
 * @param yMax fixed upper end of the y axis, or null to fit the data
 */
record ChartSpec(String fileName, String title, String yLabel, String yPattern, Double yMin, Double yMax,
                 List<String> keys) {

    ChartSpec {
        if (!fileName.endsWith(".png") || fileName.contains("/")) {
            throw new IllegalArgumentException("chart file name must be a plain *.png name: " + fileName);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": no series");
        }
        keys = List.copyOf(keys);
    }

    static boolean isEval(String key) {
        return key.startsWith("eval_");
    }
}
