package dev.codedpo.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Streams a JSONL file (optionally .gz) row by row. Every problem is reported as {@code file:line: what}: invalid
 * UTF-8, invalid JSON, a row that is not an object, or a row over the size limit. Blank lines are skipped.
 */
public final class JsonlReader {
    /** A parsed row with the line it came from, so later validation can still name the line. */
    public record Row(Path file, long line, JsonNode node) {
        public InputException error(String what) {
            return InputException.at(file, line, what);
        }
    }

    public static final long DEFAULT_MAX_ROW_BYTES = 8L * 1024 * 1024;

    private final Path file;
    private final long maxRowBytes;

    public JsonlReader(Path file, long maxRowBytes) {
        this.file = file;
        this.maxRowBytes = maxRowBytes;
    }

    public JsonlReader(Path file) {
        this(file, DEFAULT_MAX_ROW_BYTES);
    }

    /** Calls {@code sink} for each non-blank row, in order. Stops at the first bad row with an InputException. */
    public void forEach(Consumer<Row> sink) {
        forEach(sink, e -> {
            throw e;
        });
    }

    /**
     * Calls {@code sink} for each good row and {@code onBadRow} for each row that cannot be read (bad UTF-8, bad JSON,
     * not an object, too large), then carries on with the next line.
     */
    public void forEach(Consumer<Row> sink, Consumer<InputException> onBadRow) {
        try (InputStream raw = open()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
            long line = 1;
            boolean oversized = false;
            byte[] chunk = new byte[1 << 16];
            int n;
            while ((n = raw.read(chunk)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        if (!oversized) {
                            buf.write(chunk, start, i - start);
                        }
                        emit(buf, line, oversized, sink, onBadRow);
                        buf.reset();
                        oversized = false;
                        line++;
                        start = i + 1;
                    }
                }
                if (!oversized) {
                    buf.write(chunk, start, n - start);
                    if (buf.size() > maxRowBytes) {
                        oversized = true;
                        buf.reset();
                    }
                }
            }
            if (oversized || buf.size() > 0) {
                emit(buf, line, oversized, sink, onBadRow);
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private InputStream open() throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private void emit(ByteArrayOutputStream buf, long line, boolean oversized, Consumer<Row> sink,
                      Consumer<InputException> onBadRow) {
        Row row;
        try {
            row = parse(buf, line, oversized);
        } catch (InputException e) {
            onBadRow.accept(e);
            return;
        }
        if (row != null) {
            sink.accept(row);
        }
    }

    private Row parse(ByteArrayOutputStream buf, long line, boolean oversized) {
        if (oversized || buf.size() > maxRowBytes) {
            throw InputException.at(file, line, String.format(
                    "row is larger than the limit of %d bytes (raise it with --max-row-bytes)", maxRowBytes));
        }
        String text = decodeUtf8(buf.toByteArray(), line);
        if (text.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw InputException.at(file, line, "invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw InputException.at(file, line, "expected a JSON object, found "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        return new Row(file, line, node);
    }

    private String decodeUtf8(byte[] bytes, long line) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw InputException.at(file, line, "not valid UTF-8");
        }
    }
}
