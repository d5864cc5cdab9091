package dev.codedpo.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingChartsTest {

    @TempDir
    Path dir;

    /** A row like one line of metrics.jsonl; null values are kept, as Jackson would keep a JSON null. */
    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    private static List<Map<String, Object>> dpoRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int step = 1; step <= 20; step++) {
            double m = 0.05 * step;
            rows.add(row("step", step, "epoch", step / 20.0, "loss", 0.693 - 0.02 * step,
                    "learning_rate", 5e-7 * Math.min(1.0, step / 5.0), "grad_norm", 1.5,
                    "tokens_per_second", 900.0, "elapsed_seconds", 2.0 * step,
                    "rewards/chosen", m / 2, "rewards/rejected", -m / 2, "rewards/margins", m,
                    "rewards/accuracies", Math.min(1.0, 0.5 + 0.03 * step),
                    "logps/chosen", -40.0, "logps/rejected", -45.0));
            if (step % 5 == 0) {
                rows.add(row("step", step, "eval_loss", 0.7 - 0.01 * step, "eval_rewards/margins", m * 0.8,
                        "eval_rewards/accuracies", 0.6));
            }
        }
        return rows;
    }

    private static List<Map<String, Object>> ktoRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int step = 1; step <= 20; step++) {
            // Every third step had no desirable row, so TRL-style logging writes rewards/chosen as null.
            Double chosen = step % 3 == 0 ? null : 0.02 * step;
            rows.add(row("step", step, "epoch", step / 20.0, "loss", 0.5 - 0.01 * step, "learning_rate", 1e-6,
                    "grad_norm", 0.8, "rewards/chosen", chosen, "rewards/rejected", -0.01 * step, "kl", 0.0));
            if (step % 10 == 0) {
                rows.add(row("step", step, "eval_loss", 0.55 - 0.01 * step, "eval_rewards/chosen", null,
                        "eval_rewards/rejected", -0.1, "eval_kl", 0.01));
            }
        }
        return rows;
    }

    private Set<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private void assertDecodesAt800x500(Set<String> names) throws IOException {
        for (String name : names) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertNotNull(image, name + " does not decode as an image");
            assertEquals(TrainingCharts.WIDTH, image.getWidth(), name);
            assertEquals(TrainingCharts.HEIGHT, image.getHeight(), name);
            assertEquals(800, image.getWidth());
            assertEquals(500, image.getHeight());
        }
    }

    @Test
    void dpoRunGetsLossLearningRateMarginsAndAccuracies() throws IOException {
        TrainingCharts.write(dpoRows(), dir);

        Set<String> expected = Set.of("loss.png", "learning_rate.png", "margins.png", "accuracies.png");
        // Exact listing: also proves that no temporary file was left behind.
        assertEquals(new TreeSet<>(expected), files());
        assertDecodesAt800x500(expected);
        assertTrue(Boolean.parseBoolean(System.getProperty("java.awt.headless")), "headless not switched on");
    }

    @Test
    void ktoRunWithNullRewardsGetsRewardsChartAndNoDpoCharts() throws IOException {
        TrainingCharts.write(ktoRows(), dir);

        Set<String> expected = Set.of("loss.png", "learning_rate.png", "rewards.png");
        assertEquals(new TreeSet<>(expected), files());
        assertDecodesAt800x500(expected);
    }

    @Test
    void sftRunGetsOnlyLossAndLearningRate() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int step = 1; step <= 5; step++) {
            rows.add(row("step", step, "loss", 2.0 / step, "learning_rate", 2e-5));
        }
        TrainingCharts.write(rows, dir);
        assertEquals(new TreeSet<>(Set.of("loss.png", "learning_rate.png")), files());
    }

    @Test
    void chartWhoseValuesAreAllNullOrNaNIsNotWritten() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int step = 1; step <= 5; step++) {
            rows.add(row("step", step, "loss", 0.4, "learning_rate", Double.NaN,
                    "rewards/chosen", null, "rewards/rejected", Double.POSITIVE_INFINITY, "kl", null));
        }
        TrainingCharts.write(rows, dir);
        assertEquals(new TreeSet<>(Set.of("loss.png")), files());
        assertDecodesAt800x500(Set.of("loss.png"));
    }

    @Test
    void emptyRowsWriteNothingAndCreateNoDirectory() throws IOException {
        TrainingCharts.write(List.of(), dir);
        assertEquals(Set.of(), files());

        Path missing = dir.resolve("not-yet");
        TrainingCharts.write(List.of(), missing);
        assertFalse(Files.exists(missing));
    }

    @Test
    void pointsSkipNullNaNInfiniteNonNumericAndStepless() {
        List<Map<String, Object>> rows = List.of(
                row("step", 1, "loss", 0.5),
                row("step", 2, "loss", null),
                row("step", 3, "loss", Double.NaN),
                row("step", 4, "loss", Double.NEGATIVE_INFINITY),
                row("step", 5, "loss", "0.3"),
                row("loss", 0.2),
                row("step", null, "loss", 0.1),
                row("step", 8),
                row("step", 9L, "loss", 1),
                row("step", 10.0, "loss", 0.25f));
        MetricPoints points = MetricPoints.of(rows, "loss");
        assertArrayEquals(new double[] {1, 9, 10}, points.steps());
        assertArrayEquals(new double[] {0.5, 1.0, 0.25}, points.values());
        assertTrue(MetricPoints.of(rows, "eval_loss").isEmpty());
    }

    @Test
    void risingAndFallingLossAreDrawnRisingAndFalling() throws IOException {
        Path rising = dir.resolve("rising");
        Path falling = dir.resolve("falling");
        List<Map<String, Object>> up = new ArrayList<>();
        List<Map<String, Object>> down = new ArrayList<>();
        for (int step = 1; step <= 50; step++) {
            up.add(row("step", step, "loss", 0.1 * step, "learning_rate", 1e-5));
            down.add(row("step", step, "loss", 5.0 - 0.1 * step, "learning_rate", 1e-5));
        }
        TrainingCharts.write(up, rising);
        TrainingCharts.write(down, falling);

        byte[] risingBytes = Files.readAllBytes(rising.resolve("loss.png"));
        byte[] fallingBytes = Files.readAllBytes(falling.resolve("loss.png"));
        assertFalse(Arrays.equals(risingBytes, fallingBytes));

        // Screen y grows downwards: a rising line sits lower on the screen (larger y) at the left than at the right.
        double[] up2 = leftAndRightLineHeight(ImageIO.read(rising.resolve("loss.png").toFile()));
        double[] down2 = leftAndRightLineHeight(ImageIO.read(falling.resolve("loss.png").toFile()));
        assertTrue(up2[0] > up2[1] + 100, "rising loss: left y " + up2[0] + ", right y " + up2[1]);
        assertTrue(down2[0] + 100 < down2[1], "falling loss: left y " + down2[0] + ", right y " + down2[1]);
    }

    @Test
    void evalSeriesIsDrawnInAddition() throws IOException {
        List<Map<String, Object>> trainOnly = dpoRows().stream().filter(r -> r.containsKey("loss")).toList();
        Path without = dir.resolve("without");
        TrainingCharts.write(trainOnly, without);
        TrainingCharts.write(dpoRows(), dir);

        int trainPixels = colouredPixels(ImageIO.read(without.resolve("loss.png").toFile()));
        int withEvalPixels = colouredPixels(ImageIO.read(dir.resolve("loss.png").toFile()));
        assertTrue(trainPixels > 0);
        // Eval line, its circle markers and the legend that appears with a second series.
        assertTrue(withEvalPixels > trainPixels + 200, trainPixels + " vs " + withEvalPixels);
    }

    @Test
    void rewritingReplacesFilesWithoutLeavingTemporaries() throws IOException {
        List<Map<String, Object>> rows = dpoRows();
        TrainingCharts.write(rows.subList(0, 6), dir);
        byte[] early = Files.readAllBytes(dir.resolve("loss.png"));
        TrainingCharts.write(rows, dir);
        byte[] late = Files.readAllBytes(dir.resolve("loss.png"));

        assertFalse(Arrays.equals(early, late), "second call did not redraw loss.png");
        assertEquals(new TreeSet<>(Set.of("loss.png", "learning_rate.png", "margins.png", "accuracies.png")),
                files());
    }

    /** Series lines are the only saturated colour in a chart: text, grid, border and background are grey. */
    private static boolean coloured(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60;
    }

    private static int colouredPixels(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (coloured(image.getRGB(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Mean row of the line's pixels in the leftmost and rightmost fifth of the columns that hold any line pixel.
     * Fails if the plot area holds no line pixels at all.
     */
    private static double[] leftAndRightLineHeight(BufferedImage image) {
        int first = -1;
        int last = -1;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if (coloured(image.getRGB(x, y))) {
                    if (first < 0) {
                        first = x;
                    }
                    last = x;
                    break;
                }
            }
        }
        assertTrue(first >= 0, "no line pixels in the chart");
        assertTrue(last - first > image.getWidth() / 2, "line spans only columns " + first + ".." + last);
        int band = (last - first) / 5;
        return new double[] {meanRow(image, first, first + band), meanRow(image, last - band, last)};
    }

    private static double meanRow(BufferedImage image, int fromX, int toX) {
        long sum = 0;
        int n = 0;
        for (int x = fromX; x <= toX; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if (coloured(image.getRGB(x, y))) {
                    sum += y;
                    n++;
                }
            }
        }
        return (double) sum / n;
    }
}
