package dev.codedpo.data.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/** The report's PNG bar charts: pass@1 before/after per suite, and histograms of the pair build's rates and scores. */
final class ReportCharts {
    private ReportCharts() {}

    /** Suites measured on both sides, in percent; nothing is drawn (false) when there are none. */
    static boolean passAt1(List<SuiteResult> suites, Path target) {
        List<String> labels = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (SuiteResult s : suites) {
            for (String tests : List.of(SuiteResult.BASE, SuiteResult.PLUS)) {
                if (s.difference(tests).isPresent()) {
                    labels.add(tests.equals(SuiteResult.PLUS) ? s.suite() + "+" : s.suite());
                    before.add(100 * s.before(tests).orElseThrow());
                    after.add(100 * s.after(tests).orElseThrow());
                }
            }
        }
        if (labels.isEmpty()) {
            return false;
        }
        CategoryChart chart = chart("pass@1 before and after training", "suite", "pass@1 (%)");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setLegendVisible(true);
        chart.addSeries("before", labels, before);
        chart.addSeries("after", labels, after);
        write(chart, target);
        return true;
    }

    /** Bars of counts per bin, labelled by each bin's lower edge. */
    static void histogram(String title, String xLabel, double[] edges, long[] counts, Path target) {
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            labels.add(String.format("%.2f-%.2f", edges[i], edges[i + 1]));
            values.add(counts[i]);
        }
        CategoryChart chart = chart(title, xLabel, "count");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("count", labels, values);
        write(chart, target);
    }

    /** Ten equal bins over [min, max] of the values (the last bin closed); one bin when all values are equal. */
    static Binned bin(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int bins = max > min ? 10 : 1;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = bins == 1 ? (i == 0 ? min : max) : min + (max - min) * i / bins;
        }
        long[] counts = new long[bins];
        for (double v : values) {
            int b = bins == 1 ? 0 : (int) Math.floor((v - min) / (max - min) * bins);
            counts[Math.min(bins - 1, b)]++;
        }
        return new Binned(edges, counts);
    }

    record Binned(double[] edges, long[] counts) {}

    private static CategoryChart chart(String title, String xLabel, String yLabel) {
        return BarCharts.styled(title, xLabel, yLabel);
    }

    private static void write(CategoryChart chart, Path target) {
        BarCharts.png(chart, target);
    }
}
