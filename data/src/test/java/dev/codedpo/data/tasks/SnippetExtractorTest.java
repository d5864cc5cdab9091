package dev.codedpo.data.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known seed files give exactly their top-level functions and classes, from one sandboxed request. */
class SnippetExtractorTest {
    @TempDir
    Path dir;

    static final String UTIL = """
            import functools

            X = 3


            @functools.lru_cache(maxsize=None)
            def fib(n):
                # slow on purpose
                return n if n < 2 else fib(n - 1) + fib(n - 2)


            class Stack:
                def __init__(self):
                    self.items = []

                def push(self, x):
                    self.items.append(x)


            def tiny(): return 1


            if __name__ == "__main__":
                print(fib(X))
            """;

    static final String GEOM = """
            async def fetch(session, url):
                async with session.get(url) as r:
                    return await r.text()
            """;

    @Test
    void topLevelFunctionsAndClassesExactlyWithTheirLines() throws IOException {
        Files.createDirectories(dir.resolve("pkg/sub"));
        Files.writeString(dir.resolve("pkg/util.py"), UTIL);
        Files.writeString(dir.resolve("pkg/sub/geom.py"), GEOM);
        Files.writeString(dir.resolve("pkg/broken.py"), "def f(:\n    pass\n");
        Files.write(dir.resolve("pkg/latin1.py"), new byte[] {'x', '=', '"', (byte) 0xE9, '"', '\n'});
        Files.writeString(dir.resolve("pkg/notes.txt"), "def ignored():\n    pass\n    pass\n");
        PythonAst ast = TestPool.ast();
        int before = ast.requests();
        SnippetExtractor.Extracted ex = new SnippetExtractor(ast, 3, 4000).extract(dir);
        assertEquals(1, ast.requests() - before, "one sandboxed request for all files");
        assertEquals(4, ex.files());
        assertEquals(Map.of("file_syntax_error", 1, "file_not_utf8", 1, "snippet_too_short", 1), ex.dropped());
        assertEquals(List.of(
                new Snippet("pkg/sub/geom.py:1", null, """
                        async def fetch(session, url):
                            async with session.get(url) as r:
                                return await r.text()"""),
                new Snippet("pkg/util.py:6", null, """
                        @functools.lru_cache(maxsize=None)
                        def fib(n):
                            # slow on purpose
                            return n if n < 2 else fib(n - 1) + fib(n - 2)"""),
                new Snippet("pkg/util.py:12", null, """
                        class Stack:
                            def __init__(self):
                                self.items = []

                            def push(self, x):
                                self.items.append(x)""")), ex.snippets());
    }

    @Test
    void jsonlRowsAreSnippetsKeptWholeAndABadRowNamesItsLine() throws IOException {
        Path f = dir.resolve("seeds.jsonl");
        Files.writeString(f, """
                {"snippet": "x = 1\\ny = 2\\nz = x + y\\n", "source": "repo/a.py"}
                {"snippet": "def f(:\\n  pass\\n  pass\\n"}
                {"snippet": "def g(a):\\n    b = a\\n    return b\\n"}
                """);
        SnippetExtractor.Extracted ex = new SnippetExtractor(TestPool.ast(), 3, 4000).extract(f);
        assertEquals(List.of(new Snippet("seeds.jsonl:1", "repo/a.py", "x = 1\ny = 2\nz = x + y\n"),
                new Snippet("seeds.jsonl:3", null, "def g(a):\n    b = a\n    return b\n")), ex.snippets());
        assertEquals(Map.of("snippet_syntax_error", 1), ex.dropped());

        Files.writeString(f, "{\"snippet\": \"x = 1\"}\n{\"source\": \"a.py\"}\n");
        InputException e = assertThrows(InputException.class,
                () -> new SnippetExtractor(TestPool.ast(), 3, 4000).extract(f));
        assertTrue(e.getMessage().startsWith(f + ":2: "), e.getMessage());
    }
}
