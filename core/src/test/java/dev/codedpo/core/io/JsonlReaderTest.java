package dev.codedpo.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private List<String> ids(Path p, long max) {
        List<String> out = new ArrayList<>();
        new JsonlReader(p, max).forEach(r -> out.add(r.line() + ":" + r.node().get("id").asText()));
        return out;
    }

    @Test
    void readsRowsWithTheirLineNumbersSkippingBlankLines() throws IOException {
        Path p = write("a.jsonl", "{\"id\":\"x\"}\n\n  \n{\"id\":\"y\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("1:x", "4:y"), ids(p, 1024));
    }

    @Test
    void readsGzip() throws IOException {
        Path p = dir.resolve("a.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write("{\"id\":\"z\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("1:z"), ids(p, 1024));
    }

    @Test
    void namesFileAndLineOfEachKindOfBadRow() throws IOException {
        Path json = write("b.jsonl", "{\"id\":\"x\"}\n{\"id\": \n".getBytes(StandardCharsets.UTF_8));
        InputException e = assertThrows(InputException.class, () -> ids(json, 1024));
        assertEquals(2, e.line());
        assertEquals(true, e.getMessage().startsWith(json + ":2: invalid JSON"), e.getMessage());

        Path array = write("c.jsonl", "[1, 2]\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(array + ":1: expected a JSON object, found array",
                assertThrows(InputException.class, () -> ids(array, 1024)).getMessage());

        byte[] latin1 = "{\"id\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        Path bad = write("d.jsonl", concat("{\"id\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8), latin1));
        assertEquals(bad + ":2: not valid UTF-8", assertThrows(InputException.class, () -> ids(bad, 1024)).getMessage());

        String big = "{\"id\":\"" + "x".repeat(5000) + "\"}\n";
        Path huge = write("e.jsonl", ("{\"id\":\"a\"}\n" + big + "{\"id\":\"b\"}\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(huge + ":2: row is larger than the limit of 1024 bytes (raise it with --max-row-bytes)",
                assertThrows(InputException.class, () -> ids(huge, 1024)).getMessage());
    }

    /** Jackson by default reads the first value of a line and ignores the rest, and keeps the last duplicate key. */
    @Test
    void trailingContentAndDuplicateKeysAreErrorsOfTheirLine() throws IOException {
        for (String line : List.of("{\"id\":\"x\"} {\"id\":\"y\"}", "{\"id\":\"x\"}{\"id\":\"y\"}",
                "{\"id\":\"x\"} this is garbage", "{\"id\":\"x\"} 7", "{\"id\":\"x\",\"id\":\"y\"}",
                "{\"id\":\"x\",\"n\":{\"a\":1,\"a\":2}}")) {
            Path p = write("t.jsonl", ("{\"id\":\"ok\"}\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
            InputException e = assertThrows(InputException.class, () -> ids(p, 1024), line);
            assertEquals(2, e.line(), line);
            assertEquals(true, e.getMessage().startsWith(p + ":2: invalid JSON: "), e.getMessage());
        }
        Path spaces = write("s.jsonl", "{\"id\":\"x\"}   \t\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("1:x"), ids(spaces, 1024), "trailing whitespace (and a CRLF ending) is fine");
    }

    @Test
    void badRowHandlerSeesEveryBadRowAndReadingGoesOn() throws IOException {
        String big = "{\"id\":\"" + "x".repeat(3000) + "\"}";
        Path p = write("f.jsonl", ("{\"id\":\"a\"}\nnope\n" + big + "\n{\"id\":\"b\"}\n").getBytes(StandardCharsets.UTF_8));
        List<Long> bad = new ArrayList<>();
        List<String> good = new ArrayList<>();
        new JsonlReader(p, 1024).forEach(r -> good.add(r.node().get("id").asText()), e -> bad.add(e.line()));
        assertEquals(List.of("a", "b"), good);
        assertEquals(List.of(2L, 3L), bad);
    }

    @Test
    void missingFileIsAnInputError() {
        Path p = dir.resolve("nope.jsonl");
        assertEquals(p + ": no such file", assertThrows(InputException.class, () -> ids(p, 10)).getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
