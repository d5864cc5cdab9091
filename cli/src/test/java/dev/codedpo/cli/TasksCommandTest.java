package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.data.generate.PromptTask;
import dev.codedpo.data.generate.PromptTaskReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code codedpo tasks} from the command line with the shipped config and template, against an in-test
 * OpenAI-compatible server (its output read back by codedpo generate's reader), and the exit-2 paths.
 */
class TasksCommandTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final ConcurrentLinkedQueue<JsonNode> requests = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static final String ANSWER = "def count_runs(bits: str) -> int:\n"
            + "    \"\"\"Count the maximal runs of equal characters in a string of 0s and 1s.\"\"\"\n";

    private String startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/completions", ex -> {
            requests.add(Json.MAPPER.readTree(ex.getRequestBody()));
            byte[] b = Json.line(Map.of("choices", List.of(Map.of("index", 0, "text", ANSWER, "finish_reason",
                    "stop")), "usage", Map.of("completion_tokens", 9))).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void seedsToTasksThatGenerateReads() throws IOException {
        Path seeds = Files.createDirectories(tmp.resolve("seeds"));
        Files.writeString(seeds.resolve("runs.py"), "def runs(s):\n    n = 0\n    for i, c in enumerate(s):\n"
                + "        n += i == 0 or c != s[i - 1]\n    return n\n");
        Path out = tmp.resolve("out");
        StdErr.Run r = StdErr.execute("tasks", "--config", ConfigFilesTest.configs().resolve("tasks.yaml").toString(),
                "--seeds", seeds.toString(), "--out", out.toString(), "--backend", "openai", "--base-url",
                startServer(), "--model", "fake", "--set", "task_template="
                + ConfigFilesTest.configs().resolve("prompts/task.jinja"), "--no-progress");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
        JsonNode req = requests.peek();
        assertEquals(1, requests.size());
        assertTrue(req.get("prompt").asText().contains("## Code snippet (runs.py:1)\n```python\ndef runs(s):\n"),
                req.get("prompt").asText());
        assertTrue(req.get("prompt").asText().endsWith("## Problem\n```python\n"), req.get("prompt").asText());
        assertEquals(0.0, req.get("temperature").asDouble());
        List<PromptTask> tasks = PromptTaskReader.readAll(out.resolve("tasks.jsonl"),
                JsonlReader.DEFAULT_MAX_ROW_BYTES);
        assertEquals(1, tasks.size());
        assertEquals(ANSWER, tasks.get(0).prompt());
        assertEquals("count_runs", tasks.get(0).entryPoint());
        assertTrue(tasks.get(0).taskId().startsWith("oss/"));
    }

    @Test
    void aBadSeedRowIsExitTwoWithFileAndLineAndNothingWritten() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.jsonl"), "{\"snippet\": \"x = 1\"}\n{\"snippet\": 5}\n");
        StdErr.Run r = StdErr.execute("tasks", "--seeds", bad.toString(), "-o", tmp.resolve("o").toString(),
                "--backend", "openai", "--base-url", "http://127.0.0.1:9", "--model", "m", "--set",
                "task_template=" + ConfigFilesTest.configs().resolve("prompts/task.jinja"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("bad.jsonl:2"), r.stderr());
        assertFalse(Files.exists(tmp.resolve("o")));

        r = StdErr.execute("tasks", "--set", "decontamination_suites=[humaneval, nope]");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("decontamination_suites"), r.stderr());
        r = StdErr.execute("tasks", "--seeds", tmp.resolve("missing").toString(), "-o", tmp.resolve("o").toString(),
                "--backend", "openai", "--base-url", "http://127.0.0.1:9", "--model", "m", "--set",
                "task_template=" + ConfigFilesTest.configs().resolve("prompts/task.jinja"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("missing: no such file or directory"), r.stderr());
    }
}
