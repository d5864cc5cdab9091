package dev.codedpo.data.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.chat.ChatMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP backend against an in-test server with scripted answers: retries, the key header, error messages, the
 * concurrency bound and the rate limit. Waits are counted through a fake clock, never measured.
 */
class OpenAiBackendTest {
    /** A scripted answer: status, body, and optionally a delay before answering. */
    record Answer(int status, String body, long delayMillis, Map<String, String> headers) {
        static Answer ok(String body) {
            return new Answer(200, body, 0, Map.of());
        }

        static Answer status(int status) {
            return new Answer(status, "{\"error\": \"scripted " + status + "\"}", 0, Map.of());
        }
    }

    /** A request as the server saw it. */
    record Seen(String path, String authorization, JsonNode body) {}

    private HttpServer server;
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private String start(Function<Integer, Answer> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger count = new AtomicInteger();
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> handle(ex, script.apply(count.getAndIncrement())));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void handle(HttpExchange ex, Answer a) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            seen.add(new Seen(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"),
                    Json.MAPPER.readTree(ex.getRequestBody())));
            if (a.delayMillis() < 0) {
                stopped.await(60, TimeUnit.SECONDS);   // never answers while the test runs
            } else if (a.delayMillis() > 0) {
                Thread.sleep(a.delayMillis());
            }
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), b.length);
            ex.getResponseBody().write(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout test)
        } finally {
            inFlight.decrementAndGet();
            ex.close();
        }
    }

    @AfterEach
    void stop() {
        stopped.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    static String completions(int n, String prefix) {
        List<Map<String, Object>> choices = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {   // out of order: the backend sorts by index
            choices.add(Map.of("index", i, "text", prefix + i, "finish_reason", "stop"));
        }
        return Json.line(Map.of("choices", choices, "usage", Map.of("completion_tokens", 5 * n)));
    }

    /** Backoff and pacing waits are recorded, not slept; the fake clock advances by what the pacer sleeps. */
    final List<Long> backoffs = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong fakeNanos = new AtomicLong();

    OpenAiBackend backend(String url, String key, int concurrency, int retries, double rps, Duration timeout) {
        OpenAiBackend.Settings s = new OpenAiBackend.Settings(url, "tiny", key, key == null ? null : "TEST_KEY",
                concurrency, retries, rps, timeout, Duration.ofMillis(100), Duration.ofSeconds(2));
        RequestPacer pacer = new RequestPacer(rps, fakeNanos::get, fakeNanos::addAndGet);
        return new OpenAiBackend(s, pacer, backoffs::add);
    }

    static final SamplingParams PARAMS = new SamplingParams(3, 32, 1.5, 0.95, 11, List.of("\nprint("));

    @Test
    void completionsCarryTheKeyHeaderAndTheSamplingSettingsAndComeBackInIndexOrder() throws IOException {
        String url = start(i -> Answer.ok(completions(3, "c")));
        Sampled s = backend(url, "sk-secret", 2, 0, 0, Duration.ofSeconds(30))
                .sample(new ModelRequest("def f():", null), PARAMS);
        assertEquals(List.of("c0", "c1", "c2"), s.completions().stream().map(Completion::text).toList());
        assertEquals(15, s.completionTokens());
        Seen r = seen.peek();
        assertEquals("/v1/completions", r.path());
        assertEquals("Bearer sk-secret", r.authorization());
        assertEquals("tiny", r.body().get("model").asText());
        assertEquals("def f():", r.body().get("prompt").asText());
        assertEquals(3, r.body().get("n").asInt());
        assertEquals(32, r.body().get("max_tokens").asInt());
        assertEquals(1.5, r.body().get("temperature").asDouble());
        assertEquals(0.95, r.body().get("top_p").asDouble());
        assertEquals(11, r.body().get("seed").asLong());
        assertEquals("[\"\\nprint(\"]", r.body().get("stop").toString());
    }

    @Test
    void chatRequestsGoToChatCompletionsWithTheMessages() throws IOException {
        String url = start(i -> Answer.ok(Json.line(Map.of("choices", List.of(
                Map.of("index", 0, "message", Map.of("role", "assistant", "content", "hi")))))));
        Sampled s = backend(url, null, 1, 0, 0, Duration.ofSeconds(30)).sample(
                new ModelRequest("<rendered>", List.of(ChatMessage.user("task"))),
                new SamplingParams(1, 8, 1.0, 1.0, 0, List.of()));
        assertEquals("hi", s.completions().get(0).text());
        Seen r = seen.peek();
        assertEquals("/v1/chat/completions", r.path());
        assertEquals(null, r.authorization(), "no key configured: no header");
        assertEquals("[{\"role\":\"user\",\"content\":\"task\"}]", r.body().get("messages").toString());
        assertFalse(r.body().has("prompt"));
    }

    @Test
    void tooManyRequestsAndServerErrorsAreRetriedWithGrowingJitteredBackoff() throws IOException {
        String url = start(i -> i == 0 ? Answer.status(429) : i < 3 ? Answer.status(500 + i)
                : Answer.ok(completions(3, "ok")));
        Sampled s = backend(url, "k", 1, 5, 0, Duration.ofSeconds(30)).sample(new ModelRequest("p", null), PARAMS);
        assertEquals("ok0", s.completions().get(0).text());
        assertEquals(4, seen.size(), "three failures, then the answer");
        assertEquals(3, backoffs.size());
        long[] ceilings = {100_000_000L, 200_000_000L, 400_000_000L};
        for (int i = 0; i < 3; i++) {
            assertTrue(backoffs.get(i) >= 0 && backoffs.get(i) <= ceilings[i], "backoff " + i + ": " + backoffs);
        }
    }

    @Test
    void retriesEndWithAMessageNamingTheLastFailure() throws IOException {
        String url = start(i -> Answer.status(503));
        InputException e = assertThrows(InputException.class, () -> backend(url, "k", 1, 2, 0,
                Duration.ofSeconds(30)).sample(new ModelRequest("p", null), PARAMS));
        assertEquals(3, seen.size());
        assertTrue(e.getMessage().contains("gave up after 2 retries"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    }

    @Test
    void aRejectedKeyFailsAtOnceWithoutShowingTheKey() throws IOException {
        String url = start(i -> Answer.status(401));
        InputException e = assertThrows(InputException.class, () -> backend(url, "sk-very-secret", 1, 5, 0,
                Duration.ofSeconds(30)).sample(new ModelRequest("p", null), PARAMS));
        assertEquals(1, seen.size(), "no retry on 401");
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        assertTrue(e.getMessage().contains("$TEST_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-very-secret"), e.getMessage());
    }

    @Test
    void otherClientErrorsAreNotRetried() throws IOException {
        String url = start(i -> new Answer(400, "{\"error\": \"n too large\"}", 0, Map.of()));
        InputException e = assertThrows(InputException.class, () -> backend(url, null, 1, 5, 0,
                Duration.ofSeconds(30)).sample(new ModelRequest("p", null), PARAMS));
        assertEquals(1, seen.size());
        assertTrue(e.getMessage().contains("HTTP 400: {\"error\": \"n too large\"}"), e.getMessage());
    }

    @Test
    void aDeadServerIsAClearErrorAtOnce() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        InputException e = assertThrows(InputException.class, () -> backend("http://127.0.0.1:" + port, null, 1,
                5, 0, Duration.ofSeconds(30)).sample(new ModelRequest("p", null), PARAMS));
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
        assertTrue(e.getMessage().contains("is the server running"), e.getMessage());
        assertTrue(backoffs.isEmpty(), "no retries");
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() throws IOException {
        // the time limit is generous for a loaded machine: the first answer never comes, the second at once
        String url = start(i -> i == 0 ? new Answer(200, completions(3, "late"), -1, Map.of())
                : Answer.ok(completions(3, "fast")));
        Sampled s = backend(url, null, 1, 1, 0, Duration.ofSeconds(3)).sample(new ModelRequest("p", null), PARAMS);
        assertEquals("fast0", s.completions().get(0).text());
        assertEquals(1, backoffs.size());
    }

    @Test
    void aServerGivingFewerSamplesIsAskedForTheRestWithAnotherSeed() throws IOException {
        String url = start(i -> Answer.ok(completions(i == 0 ? 2 : 1, "r" + i + "-")));
        Sampled s = backend(url, null, 1, 0, 0, Duration.ofSeconds(30)).sample(new ModelRequest("p", null), PARAMS);
        assertEquals(List.of("r0-0", "r0-1", "r1-0"), s.completions().stream().map(Completion::text).toList());
        List<Seen> all = new ArrayList<>(seen);
        assertEquals(1, all.get(1).body().get("n").asInt());
        assertEquals(12, all.get(1).body().get("seed").asLong());
    }

    @Test
    void concurrencyIsBoundedAndStartsArePacedToTheRateLimit() throws Exception {
        String url = start(i -> new Answer(200, completions(1, "x"), 200, Map.of()));
        OpenAiBackend b = backend(url, null, 2, 0, 4.0, Duration.ofSeconds(30));
        ExecutorService callers = Executors.newFixedThreadPool(6);
        List<Future<Sampled>> fs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            fs.add(callers.submit(() -> b.sample(new ModelRequest("p", null),
                    new SamplingParams(1, 4, 1.0, 1.0, 0, List.of()))));
        }
        for (Future<Sampled> f : fs) {
            assertEquals("x0", f.get(60, TimeUnit.SECONDS).completions().get(0).text());
        }
        callers.shutdown();
        assertEquals(12, seen.size());
        assertTrue(maxInFlight.get() <= 2, "in flight at once: " + maxInFlight.get());
        // 12 starts at 4 per second: the last may start 11 intervals of 0.25 s after the first, not sooner. The
        // fake clock moves only by the pacer's own waits (overlapping waits add up, hence at least), so this counts
        // slots whatever this machine's speed. RequestPacerTest has the exact single-thread schedule.
        assertTrue(fakeNanos.get() >= 11 * 250_000_000L, "paced for " + fakeNanos.get() + " ns");
    }

    @Test
    void baseUrlsWithOrWithoutV1MeanTheSameServer() {
        assertEquals("http://h:8000", OpenAiBackend.apiRoot("http://h:8000/v1/"));
        assertEquals("http://h:8000", OpenAiBackend.apiRoot("http://h:8000"));
        assertThrows(InputException.class, () -> OpenAiBackend.apiRoot("localhost:8000"));
        assertEquals(null, OpenAiBackend.readKey(null, k -> "x"));
        assertEquals("abc", OpenAiBackend.readKey("K", k -> " abc\n"));
        InputException e = assertThrows(InputException.class, () -> OpenAiBackend.readKey("K", k -> null));
        assertTrue(e.getMessage().contains("api_key_env: the environment variable K is not set"), e.getMessage());
    }
}
