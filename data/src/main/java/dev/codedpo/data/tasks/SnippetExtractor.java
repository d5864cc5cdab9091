package dev.codedpo.data.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Fields;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.JsonlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Seed snippets from a directory of Python files (every {@code *.py} below it, in path order, each cut into its
 * top-level functions and classes) or from a JSONL of {@code {"snippet", "source"?}} rows (each row one snippet,
 * kept whole). Files or rows that Python cannot parse, or that are not UTF-8, are counted and skipped: a seed corpus
 * from the wild has them. A malformed JSONL row is an input error naming its line.
 */
public final class SnippetExtractor {
    /** What came out, and how many were left out for each reason. */
    public record Extracted(List<Snippet> snippets, Map<String, Integer> dropped, int files) {}

    private final PythonAst ast;
    private final int minLines;
    private final int maxChars;

    public SnippetExtractor(PythonAst ast, int minLines, int maxChars) {
        this.ast = ast;
        this.minLines = minLines;
        this.maxChars = maxChars;
    }

    public Extracted extract(Path seeds) {
        if (Files.isDirectory(seeds)) {
            return fromDirectory(seeds);
        }
        if (!Files.isRegularFile(seeds)) {
            throw new InputException(seeds + ": no such file or directory");
        }
        return fromJsonl(seeds);
    }

    private Extracted fromDirectory(Path root) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> dropped = new TreeMap<>();
        List<String> names = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Path f : files) {
            String text = utf8(f);
            if (text == null) {
                dropped.merge("file_not_utf8", 1, Integer::sum);
                continue;
            }
            names.add(root.relativize(f).toString().replace('\\', '/'));
            texts.add(text);
        }
        List<JsonNode> answers = ast.snippets(texts, texts.stream().map(t -> true).toList());
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            JsonNode a = answers.get(i);
            if (!a.path("error").isNull()) {
                dropped.merge("file_syntax_error", 1, Integer::sum);
                continue;
            }
            for (JsonNode s : a.path("snippets")) {
                keep(new Snippet(names.get(i) + ":" + s.path("line").asInt(), null, s.path("code").asText()), out,
                        dropped);
            }
        }
        return new Extracted(out, dropped, files.size());
    }

    private Extracted fromJsonl(Path file) {
        List<JsonlReader.Row> rows = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        new JsonlReader(file, JsonlReader.DEFAULT_MAX_ROW_BYTES).forEach(row -> {
            String snippet = Fields.requireString(row, "snippet");
            if (snippet.isBlank()) {
                throw row.error("field \"snippet\" is empty");
            }
            Fields.optionalString(row, "source", null);
            rows.add(row);
            texts.add(snippet);
        }, e -> {
            throw e;
        });
        List<JsonNode> answers = ast.snippets(texts, texts.stream().map(t -> false).toList());
        Map<String, Integer> dropped = new TreeMap<>();
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (!answers.get(i).path("error").isNull()) {
                dropped.merge("snippet_syntax_error", 1, Integer::sum);
                continue;
            }
            JsonlReader.Row row = rows.get(i);
            keep(new Snippet(file.getFileName() + ":" + row.line(), Fields.optionalString(row, "source", null),
                    texts.get(i)), out, dropped);
        }
        return new Extracted(out, dropped, 1);
    }

    private void keep(Snippet s, List<Snippet> out, Map<String, Integer> dropped) {
        if (s.code().lines().count() < minLines) {
            dropped.merge("snippet_too_short", 1, Integer::sum);
        } else if (s.code().length() > maxChars) {
            dropped.merge("snippet_too_long", 1, Integer::sum);
        } else {
            out.add(s);
        }
    }

    private static String utf8(Path f) {
        try {
            byte[] bytes = Files.readAllBytes(f);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        } catch (NoSuchFileException e) {
            throw new InputException(f + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
