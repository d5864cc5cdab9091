package dev.codedpo.data.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.OutputDirLock;
import dev.codedpo.data.output.OutputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a killed run's directory keeps the rows of committed tasks only, in order, and cuts a torn last line. */
class ResumableOutputTest {
    @TempDir
    Path dir;

    private OutputDirLock lock;

    @BeforeEach
    void lock() {
        lock = OutputDirLock.acquire(dir);
    }

    @AfterEach
    void unlock() {
        lock.close();
    }

    private ResumableOutput open(Map<String, String> hashes) {
        return ResumableOutput.open(lock, PairsConfig.defaults(), hashes);
    }

    @Test
    void rowsOfTasksWithoutACommitMarkAreDroppedOnOpen() throws Exception {
        OutputFiles files = new OutputFiles(dir);
        try (ResumableOutput first = open(Map.of())) {
            assertEquals(Set.of(), first.finished());
        }
        Files.writeString(files.scores(), "{\"task_id\":\"a\"}\n{\"task_id\":\"c\"}\n", StandardCharsets.UTF_8);
        Files.writeString(files.pairs(), "{\"task_id\":\"a\",\"i\":1}\n{\"task_id\":\"b\",\"i\":2}\n"
                + "{\"task_id\":\"a\",\"i\":3}\n\n{\"task_id\":\"c\",\"i\":4}\n{\"task_id\":\"b\",\"i\":5}\n"
                + "{\"task_id\":\"d\",\"i", StandardCharsets.UTF_8);
        Files.writeString(files.kto(), "{\"task_id\":\"c\",\"i\":6}\n", StandardCharsets.UTF_8);
        try (ResumableOutput resumed = open(Map.of())) {
            assertEquals(Set.of("a", "c"), resumed.finished());
        }
        assertEquals(List.of("{\"task_id\":\"a\",\"i\":1}", "{\"task_id\":\"a\",\"i\":3}", "{\"task_id\":\"c\",\"i\":4}"),
                Files.readAllLines(files.pairs(), StandardCharsets.UTF_8));
        assertEquals(List.of("{\"task_id\":\"c\",\"i\":6}"), Files.readAllLines(files.kto(), StandardCharsets.UTF_8));
        try (var tmp = Files.list(dir)) {
            assertEquals(0, tmp.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temp files");
        }
    }

    /** A finished task whose input hash changed loses every row, its score row too; one without a hash as well. */
    @Test
    void finishedTasksWhoseInputChangedAreDroppedEverywhere() throws Exception {
        OutputFiles files = new OutputFiles(dir);
        open(Map.of()).close();
        Files.writeString(files.scores(), "{\"task_id\":\"a\",\"task_hash\":\"h1\"}\n"
                + "{\"task_id\":\"b\",\"task_hash\":\"h2\"}\n{\"task_id\":\"c\"}\n"
                + "{\"task_id\":\"d\",\"task_hash\":\"h4\"}\n");
        Files.writeString(files.executions(), "{\"task_id\":\"a\"}\n{\"task_id\":\"b\"}\n{\"task_id\":\"c\"}\n"
                + "{\"task_id\":\"d\"}\n");
        // b edited, c from before hashes were recorded, d not in this input (kept as it is)
        try (ResumableOutput resumed = open(Map.of("a", "h1", "b", "h2-edited", "c", "h3"))) {
            assertEquals(Set.of("a", "d"), resumed.finished());
            assertEquals(Set.of("b", "c"), Set.copyOf(resumed.recomputed()));
        }
        assertEquals(List.of("{\"task_id\":\"a\",\"task_hash\":\"h1\"}", "{\"task_id\":\"d\",\"task_hash\":\"h4\"}"),
                Files.readAllLines(files.scores()));
        assertEquals(List.of("{\"task_id\":\"a\"}", "{\"task_id\":\"d\"}"), Files.readAllLines(files.executions()));
    }

    /**
     * Two runs appending at once (before directories were locked) leave whole lines that are not JSON in the middle
     * of a file. Resuming must name the file and line (bad input, exit 2), not fail as an internal error, and must
     * not rewrite anything.
     */
    @Test
    void aDamagedLineThatIsNotATornAppendIsReportedByFileAndLine() throws Exception {
        OutputFiles files = new OutputFiles(dir);
        open(Map.of()).close();
        Files.writeString(files.scores(), "{\"task_id\":\"a\"}\n");
        String exec = "{\"task_id\":\"a\"}\n{\"task_id\":\"b\",\"ma{\"task_id\":\"c\"}\n{\"task_id\":\"d\"}\n";
        Files.writeString(files.executions(), exec);
        InputException e = assertThrows(InputException.class, () -> open(Map.of()));
        assertTrue(e.getMessage().startsWith(files.executions() + ":2: invalid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("use a new --out directory"), e.getMessage());
        assertEquals(exec, Files.readString(files.executions()), "nothing rewritten");

        Files.writeString(files.executions(), "");
        Files.writeString(files.scores(), "{\"task_id\":\"a\"}{\"task_id\":\"b\"}\n{\"task_id\":\"c\"}\n");
        e = assertThrows(InputException.class, () -> open(Map.of()));
        assertTrue(e.getMessage().startsWith(files.scores() + ":1: invalid JSON"), e.getMessage());

        Files.writeString(files.scores(), "{\"task_id\":\"a\"}\n");
        Files.write(files.kto(), new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xe9, '"', '}', '\n'});
        e = assertThrows(InputException.class, () -> open(Map.of()));
        assertTrue(e.getMessage().startsWith(files.kto() + ":1: not valid UTF-8"), e.getMessage());
    }
}
