package dev.codedpo.train.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a training run, drawn from the rows of {@code metrics.jsonl} (TRL's metric names): {@code loss.png},
 * {@code learning_rate.png}, {@code margins.png} (DPO family) or {@code rewards.png} (KTO, which logs no margins),
 * and {@code accuracies.png}. Eval values ({@code eval_*} keys, possibly in rows of their own) join their training
 * counterpart as a second series. A chart with no plottable point is not written, so an SFT run gets only loss and
 * learning rate.
 *
 * <p>Meant to be called every few logged steps and once at the end: each call redraws every chart from all rows
 * and replaces each file atomically.
 */
public final class TrainingCharts {

    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    static {
        // Training usually runs over SSH or in a container without a display; AWT must not try to open one.
        // An explicit -Djava.awt.headless=false from the user is respected.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final ChartSpec LOSS = new ChartSpec("loss.png", "Loss", "loss", null, null, null,
            List.of("loss", "eval_loss"));
    private static final ChartSpec LEARNING_RATE = new ChartSpec("learning_rate.png", "Learning rate",
            "learning rate", "0.0##E0", null, null, List.of("learning_rate"));
    private static final ChartSpec MARGINS = new ChartSpec("margins.png", "Reward margin (chosen - rejected)",
            "reward margin", null, null, null, List.of("rewards/margins", "eval_rewards/margins"));
    private static final ChartSpec KTO_REWARDS = new ChartSpec("rewards.png", "Rewards and KL", "reward / KL",
            null, null, null, List.of("rewards/chosen", "rewards/rejected", "kl",
                    "eval_rewards/chosen", "eval_rewards/rejected", "eval_kl"));
    private static final ChartSpec ACCURACIES = new ChartSpec("accuracies.png", "Reward accuracy",
            "fraction chosen > rejected", null, 0.0, 1.0,
            List.of("rewards/accuracies", "eval_rewards/accuracies"));

    private TrainingCharts() {
    }

    /**
     * Redraws the charts for {@code rows} into {@code outputDir} (created if missing). Nothing is written for an
     * empty list.
     *
     * @throws IOException if a chart cannot be written; charts already replaced stay replaced, and no partial or
     *     temporary file is left behind
     */
    public static void write(List<Map<String, Object>> rows, Path outputDir) throws IOException {
        List<ChartSpec> specs = new ArrayList<>(List.of(LOSS, LEARNING_RATE));
        List<List<MetricPoints>> data = new ArrayList<>();
        data.add(points(rows, LOSS));
        data.add(points(rows, LEARNING_RATE));
        List<MetricPoints> margins = points(rows, MARGINS);
        if (!margins.isEmpty()) {
            specs.add(MARGINS);
            data.add(margins);
        } else {
            specs.add(KTO_REWARDS);
            data.add(points(rows, KTO_REWARDS));
        }
        specs.add(ACCURACIES);
        data.add(points(rows, ACCURACIES));

        boolean dirReady = false;
        for (int i = 0; i < specs.size(); i++) {
            if (data.get(i).isEmpty()) {
                continue;
            }
            if (!dirReady) {
                Files.createDirectories(outputDir);
                dirReady = true;
            }
            AtomicPng.write(render(specs.get(i), data.get(i)), outputDir.resolve(specs.get(i).fileName()));
        }
    }

    /** The spec's series that have at least one point, in the spec's order; empty when there is nothing to draw. */
    private static List<MetricPoints> points(List<Map<String, Object>> rows, ChartSpec spec) {
        List<MetricPoints> series = new ArrayList<>();
        for (String key : spec.keys()) {
            MetricPoints p = MetricPoints.of(rows, key);
            if (!p.isEmpty()) {
                series.add(p);
            }
        }
        return series;
    }

    static BufferedImage render(ChartSpec spec, List<MetricPoints> series) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(spec.title());
        chart.setXAxisTitle("step");
        chart.setYAxisTitle(spec.yLabel());
        style(chart.getStyler(), spec, series.size());
        double minStep = Double.POSITIVE_INFINITY;
        double maxStep = Double.NEGATIVE_INFINITY;
        for (MetricPoints p : series) {
            XYSeries s = chart.addSeries(p.key(), p.steps(), p.values());
            // A lone point has no line to show, so it gets a marker like the sparse eval points.
            boolean marked = ChartSpec.isEval(p.key()) || p.steps().length == 1;
            s.setMarker(marked ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            for (double step : p.steps()) {
                minStep = Math.min(minStep, step);
                maxStep = Math.max(maxStep, step);
            }
        }
        addTickAnchor(chart, minStep, maxStep, series.get(0).values()[0]);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            chart.paint(g, WIDTH, HEIGHT);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * XChart 3.8.8 puts x ticks on the data's own x values when all of them (the union over series, in insertion
     * order) are equally spaced, which is what logged steps are. It then tries ever sparser subsets of the values,
     * formatting all of them each time: slow for long runs, and the labels it settles on (1, 39, 77, ...) overlap.
     * One invisible, legend-less point just inside the x range makes the values unequally spaced, so XChart falls
     * back to its usual round-number ticks; being a single point with no marker, it draws nothing, and sitting inside
     * both ranges it moves neither axis.
     */
    private static void addTickAnchor(XYChart chart, double minStep, double maxStep, double y) {
        double span = maxStep - minStep;
        if (span <= 0) {
            return;
        }
        // Far closer to the last step than any two logged steps are to each other, so never one of them.
        double x = maxStep - span * 1e-9;
        XYSeries anchor = chart.addSeries(" x-axis tick anchor", new double[] {x}, new double[] {y});
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setShowInLegend(false);
    }

    private static void style(XYStyler styler, ChartSpec spec, int seriesCount) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.GRAY);
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // Outside the plot, so the legend never hides a curve: one row below it for a few series, a column to its
        // right for more (KTO's six would not fit in one row).
        styler.setLegendVisible(seriesCount > 1);
        boolean row = seriesCount <= 3;
        styler.setLegendPosition(row ? Styler.LegendPosition.OutsideS : Styler.LegendPosition.OutsideE);
        styler.setLegendLayout(row ? Styler.LegendLayout.Horizontal : Styler.LegendLayout.Vertical);
        styler.setXAxisDecimalPattern("#,##0.##");
        if (spec.yPattern() != null) {
            styler.setYAxisDecimalPattern(spec.yPattern());
        }
        styler.setYAxisMin(spec.yMin());
        styler.setYAxisMax(spec.yMax());
    }
}
