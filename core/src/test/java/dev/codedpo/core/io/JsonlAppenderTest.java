package dev.codedpo.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlAppenderTest {
    @TempDir
    Path dir;

    @Test
    void cutsATornLastLineOnOpenAndAppendsWholeLines() throws IOException {
        Path p = dir.resolve("x.jsonl");
        Files.writeString(p, "{\"a\":1}\n{\"a\":2}\n{\"a\":");
        try (JsonlAppender app = new JsonlAppender(p)) {
            app.append(Map.of("a", 3));
        }
        assertEquals("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", Files.readString(p));
    }

    @Test
    void aFileWithNoCompleteLineBecomesEmpty() throws IOException {
        Path p = dir.resolve("y.jsonl");
        Files.writeString(p, "x".repeat(100_000));
        new JsonlAppender(p).close();
        assertEquals(0, Files.size(p));
    }

    @Test
    void atomicWriteReplacesWholeFile() throws IOException {
        Path p = dir.resolve("sub/z.json");
        AtomicFiles.writeString(p, "one");
        AtomicFiles.writeString(p, "two");
        assertEquals("two", Files.readString(p));
        assertEquals(1, Files.list(p.getParent()).count(), "no temporary files left behind");
    }
}
