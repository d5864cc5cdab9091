package dev.codedpo.models.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.chat.ChatFormat;
import dev.codedpo.models.generate.ContinuousBatcher;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The OpenAI API over one model: GET /v1/models, POST /v1/completions and POST /v1/chat/completions, whole or
 * streamed as Server-Sent Events, every generation running in one {@link ContinuousBatcher}. Built on the JDK's
 * own HTTP server: it streams chunked responses, which is all this needs, and adds no dependency.
 */
public final class OpenAiServer implements AutoCloseable {
    private static final int MAX_BODY = 32 << 20;

    private final HttpServer http;
    private final ExecutorService workers;
    private final ContinuousBatcher batcher;
    private final Tokenizer tokenizer;
    private final ServeOptions options;
    private final RequestReader reader;
    private final byte[] apiKey;
    private final long started = System.currentTimeMillis() / 1000;

    private OpenAiServer(HttpServer http, ContinuousBatcher batcher, Tokenizer tokenizer, ChatFormat chatFormat,
                         ServeOptions options) {
        this.http = http;
        this.batcher = batcher;
        this.tokenizer = tokenizer;
        this.options = options;
        this.reader = new RequestReader(tokenizer, chatFormat, options, batcher.maxSequenceLength(),
                batcher.maxRows());
        this.apiKey = options.apiKey() == null ? null : options.apiKey().getBytes(StandardCharsets.UTF_8);
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "codedpo-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        http.createContext("/", this::handle);
    }

    /**
     * Starts serving on host:port (port 0: any free port).
     *
     * @param chatFormat renders chat messages into the prompt; null when the model has none (chat then answers 400)
     */
    public static OpenAiServer start(ContinuousBatcher batcher, Tokenizer tokenizer, ChatFormat chatFormat,
                                     ServeOptions options, String host, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
        OpenAiServer server = new OpenAiServer(http, batcher, tokenizer, chatFormat, options);
        http.start();
        return server;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    private void handle(HttpExchange ex) {
        boolean[] sent = {false};
        // Not try-with-resources: the exchange must stay open while a catch clause answers.
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/health")) {
                sendJson(ex, 200, JsonNodeFactory.instance.objectNode());
                return;
            }
            checkKey(ex);
            switch (path) {
                case "/v1/models" -> {
                    requireMethod(method, "GET");
                    sendJson(ex, 200, models());
                }
                case "/v1/completions" -> {
                    requireMethod(method, "POST");
                    complete(ex, false, sent);
                }
                case "/v1/chat/completions" -> {
                    requireMethod(method, "POST");
                    complete(ex, true, sent);
                }
                default -> throw ApiError.notFound("no such endpoint: " + method + " " + path, "unknown_url");
            }
        } catch (ApiError e) {
            if (!sent[0]) {
                trySend(ex, e.status, ApiJson.error(e));
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!sent[0]) {
                trySend(ex, 500, ApiJson.error(new ApiError(500, "internal error: " + e, "internal_error", null,
                        null)));
            }
        } finally {
            ex.close();
        }
    }

    private void checkKey(HttpExchange ex) {
        if (apiKey == null) {
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String prefix = "Bearer ";
        byte[] given = auth != null && auth.regionMatches(true, 0, prefix, 0, prefix.length())
                ? auth.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(apiKey, given)) {
            throw ApiError.unauthorized();
        }
    }

    private static void requireMethod(String method, String wanted) {
        if (!method.equals(wanted)) {
            throw new ApiError(405, "use " + wanted + " here, not " + method, "invalid_request_error", null, null);
        }
    }

    private ObjectNode models() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        ObjectNode m = data.addObject();
        m.put("id", options.modelName());
        m.put("object", "model");
        m.put("created", started);
        m.put("owned_by", "codedpo");
        m.put("max_model_len", batcher.maxSequenceLength());
        return out;
    }

    private void complete(HttpExchange ex, boolean chat, boolean[] sent) throws IOException, InterruptedException {
        JsonNode body = readBody(ex);
        ApiRequest request = reader.read(body, chat);
        GenerationCall call;
        try {
            call = new GenerationCall(batcher, request);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage(), chat ? "messages" : "prompt");
        }
        String id = (chat ? "chatcmpl-" : "cmpl-") + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        ApiJson json = new ApiJson(id, System.currentTimeMillis() / 1000, options.modelName(), chat);
        int promptTokens = 0;
        for (long[] p : request.prompts()) {
            promptTokens += p.length;
        }
        // Closing the call cancels whatever still runs: a client that disconnected frees its rows.
        try (call) {
            if (request.stream()) {
                sent[0] = true;
                stream(ex, request, call, json, promptTokens);
            } else {
                whole(ex, request, call, json, promptTokens);
            }
        }
    }

    private static JsonNode readBody(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw ApiError.badRequest("the request body is over " + (MAX_BODY >> 20) + " MiB", null);
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage(), null);
        }
    }

    private void whole(HttpExchange ex, ApiRequest request, GenerationCall call, ApiJson json, int promptTokens)
            throws IOException, InterruptedException {
        List<ChoiceText> choices = new ArrayList<>();
        for (int i = 0; i < call.choices(); i++) {
            choices.add(new ChoiceText(i));
        }
        int completionTokens = 0;
        for (GenerationCall.Event e = call.next(); e != null; e = call.next()) {
            ChoiceText c = choices.get(e.choice());
            if (e.token() != null) {
                c.add(e.token());
                completionTokens++;
            } else {
                c.finishReason = e.finishReason();
            }
        }
        sendJson(ex, 200, json.response(choices, request.logprobs(), ApiJson.usage(promptTokens, completionTokens)));
    }

    private void stream(HttpExchange ex, ApiRequest request, GenerationCall call, ApiJson json, int promptTokens)
            throws IOException, InterruptedException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        List<ChoiceText> choices = new ArrayList<>();
        for (int i = 0; i < call.choices(); i++) {
            choices.add(new ChoiceText(i));
        }
        int completionTokens = 0;
        try {
            for (GenerationCall.Event e = call.next(); e != null; e = call.next()) {
                ChoiceText c = choices.get(e.choice());
                boolean first = c.tokens.isEmpty() && c.finishReason == null;
                if (e.token() != null) {
                    c.add(e.token());
                    completionTokens++;
                    int last = c.tokens.size() - 1;
                    ObjectNode lp = request.logprobs()
                            ? json.logprobs(c.tokens.subList(last, last + 1), c.offsets.subList(last, last + 1))
                            : null;
                    if (!e.token().released().isEmpty() || lp != null || first) {
                        event(out, json.chunk(c.index, e.token().released(), first, lp, null,
                                request.includeUsage()));
                    }
                } else {
                    c.finishReason = e.finishReason();
                    event(out, json.chunk(c.index, request.chat() ? null : "", first, null, e.finishReason(),
                            request.includeUsage()));
                }
            }
        } catch (RuntimeException failure) {
            event(out, ApiJson.error(new ApiError(500, "generation failed: " + failure.getMessage(),
                    "internal_error", null, null)));
        }
        if (request.includeUsage()) {
            event(out, json.usageChunk(ApiJson.usage(promptTokens, completionTokens)));
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void event(OutputStream out, JsonNode data) throws IOException {
        out.write(("data: " + Json.MAPPER.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void trySend(HttpExchange ex, int status, JsonNode body) {
        try {
            sendJson(ex, status, body);
        } catch (IOException ignored) {
            // The client is gone.
        }
    }

    /** Stops accepting requests; the batcher is the caller's to close. */
    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
