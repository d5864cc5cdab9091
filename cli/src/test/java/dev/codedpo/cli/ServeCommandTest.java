package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code codedpo serve} end to end, and {@code codedpo bench serve}; bad options are exit 2. */
class ServeCommandTest {
    @Test
    void servesUntilStoppedWithTheKeyAndName() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        // Start the engine on this thread, as a command line does: PyTorch's grad mode is per thread and the engine
        // turns it off only on the thread that starts it, which later tests in this JVM (training) rely on.
        ai.djl.engine.Engine.getInstance();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(Main.execute("serve", "--model", TrainCommandTest.stories().toString(),
                "--port", Integer.toString(port), "--api-key", "k1", "--served-model-name", "tiny",
                "--max-batch", "4")));
        t.setDaemon(true);
        t.start();
        HttpClient http = HttpClient.newHttpClient();
        URI models = URI.create("http://127.0.0.1:" + port + "/v1/models");
        HttpResponse<String> r = null;
        long end = System.nanoTime() + 180_000_000_000L;
        while (r == null && System.nanoTime() < end && t.isAlive()) {
            try {
                r = http.send(HttpRequest.newBuilder(models).header("Authorization", "Bearer k1").build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        assertTrue(r != null, "the server never answered; exit code " + exit.get());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("tiny", Json.MAPPER.readTree(r.body()).get("data").get(0).get("id").asText());
        HttpResponse<String> c = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/completions")).header("Authorization", "Bearer k1").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"tiny\", \"prompt\": \"Once upon a time\", \"max_tokens\": 4}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode usage = Json.MAPPER.readTree(c.body()).get("usage");
        assertEquals(4, usage.get("completion_tokens").asInt(), c.body());
        HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/chat/completions")).header("Authorization", "Bearer k1")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, chat.statusCode(), "stories260K has no chat template: " + chat.body());
        ServeCommand.stopForTests();
        t.join(60_000);
        assertEquals(Main.EXIT_OK, exit.get());
    }

    @Test
    void badOptionsAreUsageErrors() {
        StdErr.Run r = StdErr.execute("serve", "--model", "/nonexistent/model");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("not a directory"), r.stderr());
        r = StdErr.execute("serve", "--model", TrainCommandTest.stories().toString(), "--max-batch", "0");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        r = StdErr.execute("bench", "serve", "--shapes", "20M");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("--tokenizer"), r.stderr());
    }

    @Test
    void benchServeMeasuresEachClientCount() {
        StdErr.Run r = StdErr.execute("bench", "serve", "--model", TrainCommandTest.stories().toString(), "--clients",
                "1,2", "--requests-per-client", "2", "--max-tokens", "4", "--temperature", "0");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
        String table = r.stdout();
        // Greedy on one prompt: every request generates exactly 4 tokens (no end-of-sequence within 4).
        assertTrue(table.contains("| stories260K | 1 | 2 | 8 |"), table);
        assertTrue(table.contains("| stories260K | 2 | 4 | 16 |"), table);
    }
}
