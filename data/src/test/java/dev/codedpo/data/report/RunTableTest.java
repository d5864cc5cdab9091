package dev.codedpo.data.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.data.rank.RankingKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTableTest {
    @TempDir
    Path tmp;

    @Test
    void runsSideBySideInTheGivenOrder() throws Exception {
        Path dpo = tmp.resolve("dpo-selfverify");
        RunReportTest.fullRun(dpo);

        // KTO, pass-count ranking: only humaneval, evaluated after training only, and no compare.
        Path kto = tmp.resolve("kto-passcount");
        RunFixtures.runJson(kto, "kto", "pass-count");
        RunFixtures.pairs(kto, RankingKind.PASS_COUNT, 7, 0, new double[][] {{1, 2}});
        RunFixtures.train(kto, "kto");
        RunFixtures.eval(kto, "eval-after", "humaneval", new boolean[] {true, true, true, false}, null);

        // SFT: nothing but its config yet.
        Path sft = Files.createDirectories(tmp.resolve("sft"));
        RunFixtures.runJson(sft, "sft", "random");

        RunTable t = RunTable.read(List.of(sft, dpo, kto));
        assertEquals(List.of("run", "method", "ranking", "humaneval before", "humaneval after", "humaneval diff",
                "mbpp before", "mbpp after", "mbpp diff", "mbpp+ before", "mbpp+ after", "mbpp+ diff", "pairs",
                "mean speed-up"), t.header());
        assertEquals(List.of(
                List.of("sft", "sft", "random", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"),
                List.of("dpo-selfverify", "dpo", "self-verify", "33.33", "66.67", "+33.33", "75.00", "100.00",
                        "+25.00", "50.00", "75.00", "+25.00", "6", "1.875x"),
                List.of("kto-passcount", "kto", "pass-count", "-", "75.00", "-", "-", "-", "-", "-", "-", "-", "7",
                        "-")), t.rows());

        String md = t.markdown();
        assertTrue(md.startsWith("| run | method | ranking | humaneval before |"), md);
        assertTrue(md.contains("\n| dpo-selfverify | dpo | self-verify | 33.33 | 66.67 | +33.33 |"), md);
        String[] console = t.console().split("\n");
        assertEquals(4, console.length);
        assertTrue(console[2].matches("dpo-selfverify +dpo +self-verify +33\\.33 .*"), console[2]);
        // Aligned: every line's "pairs" column ends at the same place as the header's.
        int end = console[0].indexOf("pairs") + "pairs".length();
        assertEquals("6", console[2].substring(end - 1, end));

        Path out = tmp.resolve("table.md");
        t.write(out);
        assertTrue(Files.readString(out).contains(md), "the file holds the markdown table");
    }
}
