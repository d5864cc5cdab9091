package dev.codedpo.data.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.codedpo.data.output.OutputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a killed run's directory keeps the rows of committed tasks only, in order, and cuts a torn last line. */
class ResumableOutputTest {
    @TempDir
    Path dir;

    @Test
    void rowsOfTasksWithoutACommitMarkAreDroppedOnOpen() throws Exception {
        OutputFiles files = new OutputFiles(dir);
        try (ResumableOutput first = ResumableOutput.open(dir, PairsConfig.defaults())) {
            assertEquals(Set.of(), first.finished());
        }
        Files.writeString(files.scores(), "{\"task_id\":\"a\"}\n{\"task_id\":\"c\"}\n", StandardCharsets.UTF_8);
        Files.writeString(files.pairs(), "{\"task_id\":\"a\",\"i\":1}\n{\"task_id\":\"b\",\"i\":2}\n"
                + "{\"task_id\":\"a\",\"i\":3}\n\n{\"task_id\":\"c\",\"i\":4}\n{\"task_id\":\"b\",\"i\":5}\n"
                + "{\"task_id\":\"d\",\"i", StandardCharsets.UTF_8);
        Files.writeString(files.kto(), "{\"task_id\":\"c\",\"i\":6}\n", StandardCharsets.UTF_8);
        try (ResumableOutput resumed = ResumableOutput.open(dir, PairsConfig.defaults())) {
            assertEquals(Set.of("a", "c"), resumed.finished());
        }
        assertEquals(List.of("{\"task_id\":\"a\",\"i\":1}", "{\"task_id\":\"a\",\"i\":3}", "{\"task_id\":\"c\",\"i\":4}"),
                Files.readAllLines(files.pairs(), StandardCharsets.UTF_8));
        assertEquals(List.of("{\"task_id\":\"c\",\"i\":6}"), Files.readAllLines(files.kto(), StandardCharsets.UTF_8));
        try (var tmp = Files.list(dir)) {
            assertEquals(0, tmp.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temp files");
        }
    }
}
