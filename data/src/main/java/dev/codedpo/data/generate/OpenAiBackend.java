package dev.codedpo.data.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;

/**
 * Samples from an OpenAI-compatible server: {@code /v1/completions} for a plain continuation, {@code
 * /v1/chat/completions} for a conversation, all n samples of a request in one call (more calls, with other seeds,
 * when a server returns fewer). At most {@code concurrency} calls are in flight and at most {@code
 * requestsPerSecond} start per second. 429, 5xx, timeouts and dropped connections are retried with exponential
 * backoff and full jitter (a Retry-After in seconds is honoured); a refused connection or a rejected key fails at
 * once with a message that says what to check. The key is only ever put in the Authorization header.
 */
public final class OpenAiBackend implements CompletionBackend {
    /** How to reach the server. {@code apiKey} may be null (no Authorization header). */
    public record Settings(String baseUrl, String model, String apiKey, String apiKeyEnv, int concurrency,
                           int maxRetries, double requestsPerSecond, Duration timeout, Duration backoffBase,
                           Duration backoffCap) {
        @Override
        public String toString() {
            return "Settings[" + baseUrl + ", " + model + ", key from " + apiKeyEnv + "]";
        }
    }

    private final Settings s;
    private final String root;
    private final HttpClient client;
    private final Semaphore inFlight;
    private final RequestPacer pacer;
    private final RequestPacer.Sleeper sleeper;
    private final SplittableRandom jitter = new SplittableRandom(0x5EED);

    public OpenAiBackend(Settings settings) {
        this(settings, new RequestPacer(settings.requestsPerSecond(), System::nanoTime, RequestPacer.THREAD_SLEEP),
                RequestPacer.THREAD_SLEEP);
    }

    /** With a given pacer and backoff sleeper (tests count instead of waiting). */
    public OpenAiBackend(Settings settings, RequestPacer pacer, RequestPacer.Sleeper backoffSleeper) {
        this.s = settings;
        this.root = apiRoot(settings.baseUrl());
        // HTTP/1.1: the default h2c upgrade attempt on plain http confuses some inference servers
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .build();
        this.inFlight = new Semaphore(settings.concurrency());
        this.pacer = pacer;
        this.sleeper = backoffSleeper;
    }

    /** "http://h:8000", "http://h:8000/" and "http://h:8000/v1" all mean the same server. */
    static String apiRoot(String baseUrl) {
        String u = baseUrl.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith("/v1")) {
            u = u.substring(0, u.length() - 3);
        }
        try {
            URI uri = URI.create(u);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) address");
            }
        } catch (IllegalArgumentException e) {
            throw new InputException("base_url: expected an address like http://localhost:8000, got \"" + baseUrl
                    + "\"");
        }
        return u;
    }

    @Override
    public int parallelism() {
        return s.concurrency();
    }

    @Override
    public Sampled sample(ModelRequest request, SamplingParams p) {
        List<Completion> out = new ArrayList<>();
        long tokens = 0;
        for (int round = 0; out.size() < p.n(); round++) {
            if (round >= p.n()) {
                throw new InputException(root + ": the server returned " + out.size() + " of " + p.n()
                        + " samples after " + round + " requests");
            }
            Sampled got = call(request, p, p.n() - out.size(), p.seed() + round);
            out.addAll(got.completions());
            tokens += got.completionTokens();
        }
        return new Sampled(out.subList(0, p.n()), tokens);
    }

    private Sampled call(ModelRequest request, SamplingParams p, int n, long seed) {
        boolean chat = request.messages() != null;
        String url = root + (chat ? "/v1/chat/completions" : "/v1/completions");
        String body = Json.line(body(request, p, n, seed));
        String last = null;
        for (int attempt = 0; attempt <= s.maxRetries(); attempt++) {
            if (attempt > 0) {
                backoff(attempt);
            }
            HttpResponse<String> resp;
            try {
                resp = send(url, body);
            } catch (HttpTimeoutException e) {
                last = "no answer within " + s.timeout().toSeconds() + " s";
                continue;
            } catch (ConnectException e) {
                throw new InputException(url + ": cannot connect (" + (e.getMessage() == null ? "connection refused"
                        : e.getMessage()) + "); is the server running at base_url?");
            } catch (IOException e) {
                last = "connection failed: " + e;
                continue;
            }
            int code = resp.statusCode();
            if (code == 200) {
                return parse(url, resp.body(), chat);
            }
            if (code == 401 || code == 403) {
                throw new InputException(url + ": HTTP " + code + " (the server rejected the API key"
                        + (s.apiKeyEnv() == null ? "; api_key_env is not set, so none was sent"
                        : " read from $" + s.apiKeyEnv()) + ")");
            }
            if (code != 429 && code < 500) {
                throw new InputException(url + ": HTTP " + code + ": " + excerpt(resp.body()));
            }
            last = "HTTP " + code + ": " + excerpt(resp.body());
            retryAfter(resp);
        }
        throw new InputException(url + ": gave up after " + s.maxRetries() + " retries (last: " + last + ")");
    }

    private HttpResponse<String> send(String url, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(s.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (s.apiKey() != null) {
            b.header("Authorization", "Bearer " + s.apiKey());
        }
        try {
            inFlight.acquire();
            try {
                pacer.acquire();
                return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } finally {
                inFlight.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + url, e);
        }
    }

    private ObjectNode body(ModelRequest request, SamplingParams p, int n, long seed) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", s.model());
        if (request.messages() != null) {
            ArrayNode msgs = o.putArray("messages");
            request.messages().forEach(m -> msgs.addObject().put("role", m.role()).put("content", m.content()));
        } else {
            o.put("prompt", request.text());
        }
        o.put("n", n);
        o.put("max_tokens", p.maxNewTokens());
        o.put("temperature", p.temperature());
        o.put("top_p", p.topP());
        o.put("seed", seed);
        if (!p.stop().isEmpty()) {
            ArrayNode stop = o.putArray("stop");
            p.stop().forEach(stop::add);
        }
        return o;
    }

    private static Sampled parse(String url, String body, boolean chat) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new InputException(url + ": the answer is not JSON: " + excerpt(body));
        }
        JsonNode choices = n.path("choices");
        if (!choices.isArray()) {
            throw new InputException(url + ": the answer has no \"choices\" list: " + excerpt(body));
        }
        List<JsonNode> sorted = new ArrayList<>();
        choices.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(c -> c.path("index").asInt(0)));
        List<Completion> out = new ArrayList<>();
        for (JsonNode c : sorted) {
            JsonNode text = chat ? c.path("message").path("content") : c.path("text");
            if (!text.isTextual()) {
                throw new InputException(url + ": a choice without " + (chat ? "message.content" : "text") + ": "
                        + excerpt(c.toString()));
            }
            out.add(new Completion(text.asText(), c.path("finish_reason").asText("")));
        }
        return new Sampled(out, n.path("usage").path("completion_tokens").asLong(0));
    }

    /** Full jitter: a uniform wait in [0, min(cap, base * 2^(attempt-1))]. */
    private void backoff(int attempt) {
        long ceiling = Math.min(s.backoffCap().toNanos(), s.backoffBase().toNanos() << Math.min(30, attempt - 1));
        sleepQuietly(ceiling <= 0 ? 0 : jitter.nextLong(ceiling + 1));
    }

    private void retryAfter(HttpResponse<String> resp) {
        resp.headers().firstValue("Retry-After").ifPresent(v -> {
            try {
                long seconds = Long.parseLong(v.strip());
                sleepQuietly(Math.min(s.backoffCap().toNanos(), Duration.ofSeconds(seconds).toNanos()));
            } catch (NumberFormatException ignored) {
                // an HTTP date: the backoff alone will do
            }
        });
    }

    private void sleepQuietly(long nanos) {
        try {
            sleeper.sleepNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during backoff", e);
        }
    }

    private static String excerpt(String body) {
        String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }

    /** Guards against a key in the wrong place: the config takes a variable's NAME. */
    public static String readKey(String envName, java.util.function.Function<String, String> env) {
        if (envName == null) {
            return null;
        }
        String key = env.apply(envName);
        if (key == null || key.isBlank()) {
            throw new InputException("api_key_env: the environment variable " + envName + " is not set");
        }
        return key.strip();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "openai backend at %s (model %s)", root, s.model());
    }
}
