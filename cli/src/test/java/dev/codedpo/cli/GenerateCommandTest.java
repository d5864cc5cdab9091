package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code codedpo generate} from the command line: against an in-test OpenAI-compatible server whose answers are
 * known, then {@code codedpo pairs} on its output (pairs of the model's prompt and raw completions); on the bundled
 * tiny model; and the exit-2 paths.
 */
class GenerateCommandTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final ConcurrentLinkedQueue<JsonNode> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> keys = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Code samples: a right, a wrong and a broken body; test samples: two asserts. */
    private String startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/completions", ex -> {
            JsonNode req = Json.MAPPER.readTree(ex.getRequestBody());
            requests.add(req);
            keys.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            List<String> texts = req.get("prompt").asText().endsWith("assert")
                    ? List.of(" inc(1) == 2\nassert inc(-1) == 0\n", " inc(5) == 6\n")
                    : List.of("    return x + 1\n", "    return x - 1\n", "    return (\n");
            List<Map<String, Object>> choices = new ArrayList<>();
            for (int i = 0; i < req.get("n").asInt(); i++) {
                choices.add(Map.of("index", i, "text", texts.get(i % texts.size()), "finish_reason", "stop"));
            }
            byte[] b = Json.line(Map.of("choices", choices, "usage", Map.of("completion_tokens", 7)))
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Path tasks() throws IOException {
        return Files.writeString(tmp.resolve("tasks.jsonl"), Json.line(Map.of("task_id", "inc/0",
                "prompt", "def inc(x):\n    \"\"\"x plus one\"\"\"\n", "entry_point", "inc")) + "\n");
    }

    private static String prompts(String name) {
        return ConfigFilesTest.configs().resolve("prompts").resolve(name).toString();
    }

    @Test
    void fromAServerToCandidatesToPairsOfTheModelsOwnText() throws Exception {
        String url = startServer();
        Path out = tmp.resolve("gen");
        StdErr.Run r = StdErr.execute("generate", "--config", ConfigFilesTest.configs().resolve("generate.yaml")
                .toString(), "--tasks", tasks().toString(), "--out", out.toString(), "--backend", "openai",
                "--base-url", url + "/v1", "--model", "fake", "--set", "api_key_env=HOME", "--set", "num_codes=3",
                "--set", "num_tests=2", "--set", "code_template=" + prompts("code.jinja"), "--set",
                "tests_template=" + prompts("tests.jinja"), "--no-progress");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
        assertEquals(List.of("Bearer " + System.getenv("HOME").strip(), "Bearer " + System.getenv("HOME").strip()),
                new ArrayList<>(keys));
        JsonNode codeRequest = requests.stream().filter(q -> !q.get("prompt").asText().endsWith("assert"))
                .findFirst().orElseThrow();
        assertEquals("fake", codeRequest.get("model").asText());
        assertEquals(1.5, codeRequest.get("temperature").asDouble());

        JsonNode row = Json.MAPPER.readTree(Files.readString(out.resolve("candidates.jsonl")));
        String modelPrompt = codeRequest.get("prompt").asText();
        assertEquals(modelPrompt, row.path("model_prompt").asText(), row.toString());
        assertTrue(modelPrompt.startsWith("def inc(x):"), modelPrompt);
        assertEquals(List.of(modelPrompt + "    return x + 1\n", modelPrompt + "    return x - 1\n"),
                Json.MAPPER.convertValue(row.get("codes"), List.class));
        assertEquals(List.of("    return x + 1\n", "    return x - 1\n"),
                Json.MAPPER.convertValue(row.get("completions"), List.class));
        assertEquals(List.of("assert inc(1) == 2", "assert inc(-1) == 0", "assert inc(5) == 6"),
                Json.MAPPER.convertValue(row.get("tests"), List.class));
        JsonNode summary = Json.MAPPER.readTree(out.resolve("generation_summary.json").toFile());
        assertEquals(1, summary.get("codes").get("dropped").path("syntax_error").asInt(), summary.toString());
        assertEquals(14, summary.get("tokens").asInt());

        Path pairs = tmp.resolve("pairs");
        r = StdErr.execute("pairs", "-i", out.resolve("candidates.jsonl").toString(), "-o", pairs.toString(),
                "--no-efficiency", "--workers", "1", "--no-progress");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
        JsonNode pair = Json.MAPPER.readTree(Files.readString(pairs.resolve("pairs.jsonl")));
        assertEquals(modelPrompt, pair.get("prompt").asText());
        assertEquals("    return x + 1\n", pair.get("chosen").asText());
        assertEquals("    return x - 1\n", pair.get("rejected").asText());
    }

    @Test
    void theBundledTinyModelFillsTheFormatAndARerunResumesWithNothingToDo() throws IOException {
        Path tasks = Files.writeString(tmp.resolve("t.jsonl"), Json.line(Map.of("task_id", "s/0", "prompt",
                "x = 1")) + "\n");
        Path code = Files.writeString(tmp.resolve("code.jinja"), "{{ prompt }}  # Once");
        Path tests = Files.writeString(tmp.resolve("tests.jinja"), "{{ prompt }}\nassert x == 1  # Lily");
        Path out = tmp.resolve("o");
        String[] args = {"generate", "-i", tasks.toString(), "-o", out.toString(), "-m",
            TrainCommandTest.stories().toString(), "--set", "num_codes=2", "--set", "num_tests=2", "--set",
            "max_new_tokens_code=4", "--set", "max_new_tokens_tests=4", "--set", "stop=[\"\\n\"]", "--set",
            "code_template=" + code, "--set", "tests_template=" + tests, "--no-progress"};
        StdErr.Run r = StdErr.execute(args);
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
        JsonNode row = Json.MAPPER.readTree(Files.readString(out.resolve("candidates.jsonl")));
        assertEquals("x = 1  # Once", row.get("model_prompt").asText());
        assertEquals(List.of("assert x == 1"), Json.MAPPER.convertValue(row.get("tests"), List.class));
        JsonNode s = Json.MAPPER.readTree(out.resolve("generation_summary.json").toFile());
        assertEquals(2, s.get("codes").get("raw").asInt());
        assertEquals(1, s.get("tasks_this_run").asInt());
        r = StdErr.execute(args);
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
        s = Json.MAPPER.readTree(out.resolve("generation_summary.json").toFile());
        assertEquals(0, s.get("tasks_this_run").asInt());
        assertEquals(1, s.get("tasks").asInt());
    }

    @Test
    void aBadTaskFileIsExitTwoWithFileAndLine() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.jsonl"), "{\"task_id\": \"a\", \"prompt\": \"p\"}\n"
                + "{\"task_id\": \"b\", \"prompt\": 5}\n");
        StdErr.Run r = StdErr.execute("generate", "-i", bad.toString(), "-o", tmp.resolve("o").toString(),
                "--backend", "openai", "--base-url", "http://127.0.0.1:9", "--model", "m", "--set",
                "code_template=" + prompts("code.jinja"), "--set", "tests_template=" + prompts("tests.jinja"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("bad.jsonl:2"), r.stderr());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void missingSettingsAndAnUnsetKeyVariableAreExitTwo() throws IOException {
        StdErr.Run r = StdErr.execute("generate", "-i", tasks().toString(), "-o", tmp.resolve("o").toString(),
                "--set", "code_template=" + prompts("code.jinja"), "--set",
                "tests_template=" + prompts("tests.jinja"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("model_path: required"), r.stderr());
        r = StdErr.execute("generate", "-i", tasks().toString(), "-o", tmp.resolve("o").toString(), "--backend",
                "openai", "--base-url", "http://127.0.0.1:9", "--model", "m", "--set",
                "api_key_env=CODEDPO_TEST_SURELY_UNSET", "--set", "code_template=" + prompts("code.jinja"), "--set",
                "tests_template=" + prompts("tests.jinja"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("CODEDPO_TEST_SURELY_UNSET is not set"), r.stderr());
        r = StdErr.execute("generate", "--set", "temperature=-1");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("temperature"), r.stderr());
    }
}
