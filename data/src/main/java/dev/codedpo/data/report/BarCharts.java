package dev.codedpo.data.report;

import dev.codedpo.core.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/** The reports' bar charts (XChart): one look for every PNG the tool writes, drawn without a display. */
public final class BarCharts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    static {
        // Reports are written on servers without a display; an explicit -Djava.awt.headless=false is respected.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private BarCharts() {}

    /**
     * Grouped bars: one series per entry of {@code series} (in its order) over {@code labels}, each with error bars
     * when {@code errors} has that series.
     */
    public static void bars(String title, String xLabel, String yLabel, List<String> labels,
                            Map<String, List<Double>> series, Map<String, List<Double>> errors, Path target) {
        CategoryChart chart = styled(title, xLabel, yLabel);
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setXAxisLabelRotation(labels.size() > 5 ? 30 : 0);
        series.forEach((name, values) -> {
            List<Double> e = errors.get(name);
            if (e == null) {
                chart.addSeries(name, labels, values);
            } else {
                chart.addSeries(name, labels, values, e);
            }
        });
        png(chart, target);
    }

    public static CategoryChart styled(String title, String xLabel, String yLabel) {
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        CategoryStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    public static void png(CategoryChart chart, Path target) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            chart.paint(g, WIDTH, HEIGHT);
        } finally {
            g.dispose();
        }
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available in this JVM");
            }
        });
    }
}
