package dev.codedpo.data.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import dev.codedpo.data.rank.RankingKind;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
    static final Versions VERSIONS = new Versions("9.9.9", "17.0.1", "0.36.0");
    static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path tmp;

    static void fullRun(Path run) throws Exception {
        RunFixtures.runJson(run, "dpo", "self-verify");
        // humaneval: 1 of 3 before, 2 of 3 after; mbpp (with plus): base 3/4 -> 4/4, plus 2/4 -> 3/4.
        RunFixtures.eval(run, "eval-before", "humaneval", new boolean[] {true, false, false}, null);
        RunFixtures.eval(run, "eval-after", "humaneval", new boolean[] {true, true, false}, null);
        RunFixtures.eval(run, "eval-before", "mbpp", new boolean[] {true, true, true, false},
                new boolean[] {true, true, false, false});
        RunFixtures.eval(run, "eval-after", "mbpp", new boolean[] {true, true, true, true},
                new boolean[] {true, true, true, false});
        RunFixtures.pairs(run, RankingKind.SELF_VERIFY, 4, 2, new double[][] {{0.1, 0.9}, {0.5, 0.5}});
        RunFixtures.train(run, "dpo");
        RunFixtures.generation(run);
        RunFixtures.compare(run, "humaneval", 2.0, 0.5, 1.0);
        RunFixtures.compare(run, "mbpp", 4.0);
    }

    @Test
    void fullRunReportsTheExactNumbers() throws Exception {
        Path run = tmp.resolve("run-dpo");
        fullRun(run);
        Path report = RunReport.write(run, VERSIONS);
        assertEquals(run.resolve("report.md"), report);
        String md = Files.readString(report);

        assertTrue(md.contains("| humaneval | base | 33.33 | 66.67 | +33.33 |"), md);
        assertTrue(md.contains("| mbpp | base | 75.00 | 100.00 | +25.00 |"), md);
        assertTrue(md.contains("| mbpp | base+plus | 50.00 | 75.00 | +25.00 |"), md);
        assertFalse(md.contains("| humaneval | base+plus"), "humaneval has no plus tests here:\n" + md);

        assertTrue(md.contains("- tasks: 3 (1 without candidates)\n- codes: 12 sampled, 9 kept\n"
                + "- tests: 6 samples, 14 asserts kept\n- tokens generated: 4096\n"), md);
        assertTrue(md.contains("| tasks | 2 |"), md);
        assertTrue(md.contains("| checks (code x test) | 20 |"), md);
        assertTrue(md.contains("| checks fail | 8 |"), md);
        assertTrue(md.contains("| checks pass | 12 |"), md);
        assertTrue(md.contains("| correctness pairs | 4 |"), md);
        assertTrue(md.contains("| efficiency pairs | 2 |"), md);

        // Pooled over humaneval's 2.0, 0.5, 1.0 and mbpp's 4.0: arithmetic 7.5 / 4, geometric (2*0.5*1*4)^(1/4),
        // at least 10% faster: 2.0 and 4.0 of four.
        String geo = String.format(Locale.ROOT, "%.3fx", Math.pow(2.0 * 0.5 * 1.0 * 4.0, 0.25));
        assertEquals("1.414x", geo);
        assertTrue(md.contains("| all suites | 4 | 1.875x | " + geo + " | 50.0% | - |"), md);
        // humaneval alone: mean 3.5 / 3, geometric mean 1, one of three faster and one slower.
        assertTrue(md.contains("| humaneval | 3 | 1.167x | 1.000x | 33.3% | 33.3% |"), md);

        assertTrue(md.contains("- method: dpo\n- steps: 10 (2.00 epochs, 5 training rows)"), md);
        assertTrue(md.contains("![loss](train/loss.png)"), md);
        assertTrue(md.contains("\"beta\": 0.1"), "run.json verbatim:\n" + md);
        assertTrue(md.contains("- codedpo 9.9.9\n- Java 17.0.1\n- DJL 0.36.0\n"), md);
        assertTrue(md.contains("Method: dpo, ranking: self-verify."), md);
        assertFalse(md.contains(RunReport.NOT_RUN), md);

        for (String chart : List.of(RunReport.PASS_AT_1_CHART, RunReport.CODE_RATES_CHART,
                RunReport.TEST_RATES_CHART, RunReport.CODE_SCORES_CHART)) {
            Path png = run.resolve(chart);
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(Files.readAllBytes(png), 8), chart);
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(BarCharts.WIDTH, img.getWidth(), chart);
            assertEquals(BarCharts.HEIGHT, img.getHeight(), chart);
            assertTrue(md.contains("](" + chart + ")"), chart + " is linked:\n" + md);
        }
        try (var files = Files.list(run)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void missingStagesAreNotRunAndStaleChartsGo() throws Exception {
        Path run = tmp.resolve("run");
        fullRun(run);
        RunReport.write(run, VERSIONS);
        for (String stage : List.of("eval-after", "generate", "pairs", "train", "compare")) {
            try (var walk = Files.walk(run.resolve(stage))) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String md = Files.readString(RunReport.write(run, VERSIONS));
        assertTrue(md.contains("| humaneval | base | 33.33 | not run | - |"), md);
        assertTrue(md.contains("| mbpp | base+plus | 50.00 | not run | - |"), md);
        assertTrue(md.contains("## Pairs\n\nnot run"), md);
        assertTrue(md.contains("## Training\n\nnot run"), md);
        assertTrue(md.contains("## Generation\n\nnot run"), md);
        assertTrue(md.contains("## Efficiency (problems solved before and after)\n\nnot run"), md);
        // The method now comes from run.json, the stage that would have recorded it being gone.
        assertTrue(md.contains("Method: dpo, ranking: self-verify."), md);
        for (String chart : List.of(RunReport.PASS_AT_1_CHART, RunReport.CODE_RATES_CHART,
                RunReport.TEST_RATES_CHART, RunReport.CODE_SCORES_CHART)) {
            assertFalse(Files.exists(run.resolve(chart)), chart + " describes stages no longer there");
        }
    }

    @Test
    void anEmptyRunDirectoryIsAllNotRun() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("empty"));
        String md = Files.readString(RunReport.write(run, VERSIONS));
        assertEquals(5, md.split("\nnot run", -1).length - 1, md);
        assertTrue(md.contains("No run.json in the run directory."), md);
        assertTrue(md.contains("Method: -, ranking: -."), md);
    }

    @Test
    void unreadableStageOutputNamesTheFile() throws Exception {
        Path run = tmp.resolve("bad");
        Files.createDirectories(run.resolve("pairs"));
        Files.writeString(run.resolve("pairs/summary.json"), "{\"tasks\": ");
        InputException e = assertThrows(InputException.class, () -> RunReport.write(run, VERSIONS));
        assertTrue(e.getMessage().startsWith(run.resolve("pairs/summary.json") + ": "), e.getMessage());
        assertFalse(Files.exists(run.resolve("report.md")), "nothing half-written");
        assertThrows(InputException.class, () -> RunData.read(tmp.resolve("no-such-run")));
    }
}
