package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path tmp;

    /** Runs the command and returns {exit code, stdout}; stderr goes to the StdErr capture. */
    private static Object[] run(String... args) {
        StdErr.Run r = StdErr.execute(args);
        return new Object[] {r.exitCode(), r.stdout(), r.stderr()};
    }

    @Test
    void writesEachRunsReportAndTheTable() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("kto-run"));
        Files.writeString(a.resolve("run.json"), "{\"train\": {\"method\": \"kto\"}, \"pairs\": {\"ranking\": \"codet\"}}");
        Path b = Files.createDirectories(tmp.resolve("dpo-run"));
        Files.writeString(b.resolve("run.json"), "{\"train\": {\"method\": \"dpo\"}, \"pairs\": {\"ranking\": \"random\"}}");
        Path out = tmp.resolve("table.md");
        Object[] r = run("report", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, r[0], (String) r[2]);
        String[] lines = ((String) r[1]).split("\n");
        assertEquals(3, lines.length, (String) r[1]);
        assertTrue(lines[0].matches("run +method +ranking +pairs +mean speed-up"), lines[0]);
        assertTrue(lines[1].matches("kto-run +kto +codet +- +-"), lines[1]);
        assertTrue(lines[2].matches("dpo-run +dpo +random +- +-"), lines[2]);
        assertTrue(Files.readString(out).contains("| kto-run | kto | codet | - | - |\n| dpo-run | dpo | random |"));
        assertTrue(Files.readString(a.resolve("report.md")).contains("## Pairs\n\nnot run"));
        String md = Files.readString(b.resolve("report.md"));
        // The versions of this process: DJL's from its own jar, Java's from the running JVM.
        assertTrue(md.contains("- Java " + System.getProperty("java.version") + "\n- DJL 0.36.0\n"), md);
    }

    @Test
    void badInputIsExitTwoNamingTheFile() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(a.resolve("run.json"), "{not json");
        Object[] r = run("report", a.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains(a.resolve("run.json") + ": not readable JSON"), (String) r[2]);
        assertFalse(Files.exists(a.resolve("report.md")));
        assertEquals(2, run("report", tmp.resolve("missing").toString())[0]);
        assertEquals(2, run("report")[0], "a run directory is required");
        assertTrue(((String) run("report", "--help")[1]).contains("ablation"));
    }
}
