package dev.codedpo.models.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.chat.ChatFormat;
import dev.codedpo.models.chat.ChatMessage;
import dev.codedpo.models.generate.ContinuousBatcher;
import dev.codedpo.models.generate.GenerationConfig;
import dev.codedpo.models.generate.Generator;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI API over stories260K: answers checked against the batch generator (an independent decoding loop) and
 * the tokenizer, stream against whole responses, and the error objects clients parse.
 */
class OpenAiServerTest {
    static final String MODEL = "stories260K";
    static final String PROMPT = "Once upon a time";
    /** ChatML, as the tests' stand-in for a model's own template. */
    static final ChatFormat CHATML = (messages, open) -> {
        StringBuilder b = new StringBuilder();
        for (ChatMessage m : messages) {
            b.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
        }
        return open ? b.append("<|im_start|>assistant\n").toString() : b.toString();
    };

    static HfModel hf;
    static ContinuousBatcher batcher;
    static OpenAiServer server;
    static OpenAiServer plain;
    static OpenAiServer keyed;
    static HttpCalls http;

    @BeforeAll
    static void start() throws Exception {
        hf = HfModel.load(TestModels.stories(), Device.cpu());
        batcher = new ContinuousBatcher(hf.model(), hf.tokenizer(), hf.eosTokenIds(), 8);
        server = OpenAiServer.start(batcher, hf.tokenizer(), CHATML, ServeOptions.of(MODEL), "127.0.0.1", 0);
        plain = OpenAiServer.start(batcher, hf.tokenizer(), null, ServeOptions.of(MODEL), "127.0.0.1", 0);
        keyed = OpenAiServer.start(batcher, hf.tokenizer(), CHATML, ServeOptions.of(MODEL).withApiKey("sk-test"),
                "127.0.0.1", 0);
        http = calls(server);
    }

    static HttpCalls calls(OpenAiServer s) {
        return new HttpCalls("http://127.0.0.1:" + s.address().getPort());
    }

    @AfterAll
    static void stop() {
        for (OpenAiServer s : new OpenAiServer[] {server, plain, keyed}) {
            if (s != null) {
                s.close();
            }
        }
        if (batcher != null) {
            batcher.close();
        }
        if (hf != null) {
            hf.close();
        }
    }

    static String body(Object... kv) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("model", MODEL);
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], Json.MAPPER.valueToTree(kv[i + 1]));
        }
        return o.toString();
    }

    static String greedyReference(String prompt, int maxTokens, List<String> stop) {
        return new Generator(hf).unfused().generate(List.of(prompt),
                GenerationConfig.greedy(maxTokens).withStop(stop)).get(0).get(0).text();
    }

    @Test
    void modelsListsTheServedModel() throws Exception {
        JsonNode r = http.get("/v1/models", null).json();
        assertEquals("list", r.get("object").asText());
        assertEquals(MODEL, r.get("data").get(0).get("id").asText());
        assertEquals("model", r.get("data").get(0).get("object").asText());
    }

    @Test
    void greedyCompletionWithUsageAndLogprobs() throws Exception {
        HttpCalls.Reply reply = http.post("/v1/completions",
                body("prompt", PROMPT, "max_tokens", 12, "temperature", 0, "logprobs", 2));
        assertEquals(200, reply.status(), reply.body());
        JsonNode r = reply.json();
        assertEquals("text_completion", r.get("object").asText());
        assertTrue(r.get("id").asText().startsWith("cmpl-"));
        assertEquals(MODEL, r.get("model").asText());
        assertTrue(r.get("created").asLong() > 1_600_000_000L);
        JsonNode c = r.get("choices").get(0);
        assertEquals(0, c.get("index").asInt());
        assertEquals(greedyReference(PROMPT, 12, List.of()), c.get("text").asText());
        assertEquals("length", c.get("finish_reason").asText());
        JsonNode usage = r.get("usage");
        assertEquals(hf.tokenizer().encode(PROMPT, true).length, usage.get("prompt_tokens").asInt());
        assertEquals(12, usage.get("completion_tokens").asInt());
        assertEquals(usage.get("prompt_tokens").asInt() + 12, usage.get("total_tokens").asInt());
        JsonNode lp = c.get("logprobs");
        assertEquals(12, lp.get("tokens").size());
        assertEquals(12, lp.get("token_logprobs").size());
        assertEquals(12, lp.get("text_offset").size());
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            String tok = lp.get("tokens").get(i).asText();
            assertEquals(joined.length(), lp.get("text_offset").get(i).asInt());
            joined.append(tok);
            JsonNode top = lp.get("top_logprobs").get(i);
            assertEquals(2, top.size(), "two alternatives, the chosen one among them (greedy)");
            assertEquals(lp.get("token_logprobs").get(i).asDouble(), top.get(tok).asDouble(), 1e-6);
            assertTrue(lp.get("token_logprobs").get(i).asDouble() <= 0);
        }
        assertEquals(c.get("text").asText(), joined.toString());
    }

    @Test
    void maxCompletionTokensIsAnAliasAndUnknownFieldsAreIgnored() throws Exception {
        JsonNode r = http.post("/v1/completions", body("prompt", PROMPT, "max_completion_tokens", 5,
                "temperature", 0.0, "frobnicate", List.of(1, 2), "presence_penalty", 0.5, "user", "me")).json();
        assertEquals(5, r.get("usage").get("completion_tokens").asInt());
        assertEquals(greedyReference(PROMPT, 5, List.of()), r.get("choices").get(0).get("text").asText());
        JsonNode both = http.post("/v1/completions", body("prompt", PROMPT, "max_completion_tokens", 3,
                "max_tokens", 9, "temperature", 0)).json();
        assertEquals(3, both.get("usage").get("completion_tokens").asInt());
    }

    @Test
    void seededSamplesAreReproducibleAndNumberedByPromptThenSample() throws Exception {
        String req = body("prompt", List.of(PROMPT, "Lily and"), "max_tokens", 20, "temperature", 1.0, "n", 3,
                "seed", 77);
        JsonNode a = http.post("/v1/completions", req).json();
        JsonNode b = http.post("/v1/completions", req).json();
        assertEquals(6, a.get("choices").size());
        for (int i = 0; i < 6; i++) {
            assertEquals(i, a.get("choices").get(i).get("index").asInt());
            assertEquals(a.get("choices").get(i).get("text"), b.get("choices").get(i).get("text"));
        }
        assertFalse(a.get("choices").get(0).get("text").equals(a.get("choices").get(1).get("text"))
                && a.get("choices").get(1).get("text").equals(a.get("choices").get(2).get("text")));
        int promptTokens = hf.tokenizer().encode(PROMPT, true).length + hf.tokenizer().encode("Lily and", true).length;
        assertEquals(promptTokens, a.get("usage").get("prompt_tokens").asInt());
        JsonNode other = http.post("/v1/completions", body("prompt", List.of(PROMPT, "Lily and"), "max_tokens", 20,
                "temperature", 1.0, "n", 3, "seed", 78)).json();
        assertNotEquals(a.get("choices"), other.get("choices"));
    }

    @Test
    void stopStringsEndTheTextBeforeThem() throws Exception {
        String full = greedyReference(PROMPT, 30, List.of());
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
        JsonNode one = http.post("/v1/completions", body("prompt", PROMPT, "max_tokens", 30, "temperature", 0,
                "stop", stop)).json().get("choices").get(0);
        assertEquals(full.substring(0, full.indexOf(stop)), one.get("text").asText());
        assertEquals("stop", one.get("finish_reason").asText());
        assertEquals(greedyReference(PROMPT, 30, List.of(stop)), one.get("text").asText());
        JsonNode list = http.post("/v1/completions", body("prompt", PROMPT, "max_tokens", 30, "temperature", 0,
                "stop", List.of("qqq", stop))).json().get("choices").get(0);
        assertEquals(one.get("text"), list.get("text"));
    }

    @Test
    void streamSendsChunksThenUsageThenDone() throws Exception {
        String whole = http.post("/v1/completions", body("prompt", PROMPT, "max_tokens", 16, "temperature", 0))
                .json().get("choices").get(0).get("text").asText();
        HttpCalls.Reply reply = http.post("/v1/completions", body("prompt", PROMPT, "max_tokens", 16,
                "temperature", 0, "stream", true, "stream_options", java.util.Map.of("include_usage", true)));
        assertEquals(200, reply.status());
        List<String> events = reply.events();
        assertEquals("[DONE]", events.get(events.size() - 1));
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (String e : events.subList(0, events.size() - 2)) {
            JsonNode chunk = Json.MAPPER.readTree(e);
            assertEquals("text_completion", chunk.get("object").asText());
            assertTrue(chunk.get("usage").isNull());
            JsonNode c = chunk.get("choices").get(0);
            text.append(c.get("text").asText());
            if (!c.get("finish_reason").isNull()) {
                finish = c.get("finish_reason").asText();
            }
        }
        assertTrue(events.size() > 5, "one chunk per token or so: " + events.size());
        assertEquals(whole, text.toString());
        assertEquals("length", finish);
        JsonNode usage = Json.MAPPER.readTree(events.get(events.size() - 2));
        assertEquals(0, usage.get("choices").size());
        assertEquals(16, usage.get("usage").get("completion_tokens").asInt());
    }

    @Test
    void chatRendersWithTheFormatAndStreamsDeltas() throws Exception {
        List<ChatMessage> messages = List.of(new ChatMessage("system", "Tell stories."), ChatMessage.user("Hi"));
        String rendered = CHATML.render(messages, true);
        String expected = http.post("/v1/completions", body("prompt", rendered, "max_tokens", 10,
                "temperature", 0)).json().get("choices").get(0).get("text").asText();
        List<Object> msgs = List.of(java.util.Map.of("role", "system", "content", "Tell stories."),
                java.util.Map.of("role", "user", "content", List.of(java.util.Map.of("type", "text", "text", "Hi"))));
        JsonNode r = http.post("/v1/chat/completions", body("messages", msgs, "max_tokens", 10,
                "temperature", 0)).json();
        assertEquals("chat.completion", r.get("object").asText());
        JsonNode c = r.get("choices").get(0);
        assertEquals("assistant", c.get("message").get("role").asText());
        assertEquals(expected, c.get("message").get("content").asText());
        assertEquals(hf.tokenizer().encode(rendered, true).length, r.get("usage").get("prompt_tokens").asInt());

        List<String> events = http.post("/v1/chat/completions", body("messages", msgs, "max_tokens", 10,
                "temperature", 0, "stream", true)).events();
        assertEquals("[DONE]", events.get(events.size() - 1));
        JsonNode first = Json.MAPPER.readTree(events.get(0));
        assertEquals("chat.completion.chunk", first.get("object").asText());
        assertEquals("assistant", first.get("choices").get(0).get("delta").get("role").asText());
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode delta = Json.MAPPER.readTree(e).get("choices").get(0).get("delta");
            if (delta.has("content")) {
                text.append(delta.get("content").asText());
            }
        }
        assertEquals(expected, text.toString());
    }

    @Test
    void badRequestsGetOpenAiErrorObjects() throws Exception {
        assertError(http.post("/v1/completions", "{\"prompt\": \"x\", "), 400, null, null);
        assertError(http.post("/v1/completions", "[1, 2]"), 400, null, null);
        assertError(http.post("/v1/completions", body("prompt", PROMPT, "temperature", "hot")), 400,
                "temperature", null);
        assertError(http.post("/v1/completions", body("prompt", PROMPT, "max_tokens", "5")), 400, "max_tokens",
                null);
        assertError(http.post("/v1/completions", body("prompt", PROMPT, "stop", 5)), 400, "stop", null);
        assertError(http.post("/v1/completions", body("prompt", PROMPT, "n", 0)), 400, "n", null);
        assertError(http.post("/v1/completions", body("prompt", 3)), 400, "prompt", null);
        assertError(http.post("/v1/completions", body("max_tokens", 3)), 400, "prompt", null);
        assertError(http.post("/v1/completions", body("prompt", PROMPT, "stream", "yes")), 400, "stream", null);
        assertError(http.post("/v1/chat/completions", body("messages", "hi")), 400, "messages", null);
        assertError(http.post("/v1/completions", body("prompt", PROMPT, "max_tokens", 600)), 400, "prompt",
                "context_length_exceeded");
        assertError(http.post("/v1/completions", body("prompt", PROMPT.repeat(200))), 400, "prompt",
                "context_length_exceeded");
        JsonNode noChat = assertError(calls(plain).post("/v1/chat/completions",
                body("messages", List.of(java.util.Map.of("role", "user", "content", "hi")))), 400, "messages", null);
        assertTrue(noChat.get("message").asText().contains("this model has no chat template"));
        assertEquals(404, http.post("/v1/completions", "{\"model\": \"gpt-4\", \"prompt\": \"x\"}").status());
        // The server still answers after all that.
        assertEquals(200, http.post("/v1/completions", body("prompt", PROMPT, "max_tokens", 2)).status());
    }

    static JsonNode assertError(HttpCalls.Reply reply, int status, String param, String code) {
        assertEquals(status, reply.status(), reply.body());
        JsonNode e = reply.json().get("error");
        assertTrue(e.get("message").isTextual() && !e.get("message").asText().isBlank(), reply.body());
        assertTrue(e.get("type").isTextual(), reply.body());
        assertTrue(e.has("param") && e.has("code"), reply.body());
        assertEquals(param, e.get("param").isNull() ? null : e.get("param").asText(), reply.body());
        assertEquals(code, e.get("code").isNull() ? null : e.get("code").asText(), reply.body());
        return e;
    }

    @Test
    void apiKeyIsRequiredWhenSet() throws Exception {
        HttpCalls k = calls(keyed);
        String req = body("prompt", PROMPT, "max_tokens", 2);
        assertError(k.post("/v1/completions", req), 401, null, "invalid_api_key");
        assertError(k.post("/v1/completions", req, "sk-wrong"), 401, null, "invalid_api_key");
        assertError(k.get("/v1/models", null), 401, null, "invalid_api_key");
        assertEquals(200, k.post("/v1/completions", req, "sk-test").status());
        assertEquals(200, k.get("/v1/models", "sk-test").status());
    }

    @Test
    void concurrentRequestsGetWhatTheyGetAlone() throws Exception {
        List<String> prompts = List.of(PROMPT, "Lily and", "The little dog saw a big red ball in the park and",
                "One day", "Tom had", "The sun");
        List<String> alone = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            alone.add(http.post("/v1/completions", body("prompt", prompts.get(i), "max_tokens", 10 + 5 * i,
                    "temperature", i % 2 == 0 ? 0 : 0.8, "seed", i)).body());
        }
        ExecutorService pool = Executors.newFixedThreadPool(prompts.size());
        try {
            List<Future<String>> together = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                String req = body("prompt", prompts.get(i), "max_tokens", 10 + 5 * i,
                        "temperature", i % 2 == 0 ? 0 : 0.8, "seed", i);
                together.add(pool.submit(() -> http.post("/v1/completions", req).body()));
            }
            for (int i = 0; i < prompts.size(); i++) {
                JsonNode want = Json.MAPPER.readTree(alone.get(i));
                JsonNode got = Json.MAPPER.readTree(together.get(i).get());
                assertEquals(want.get("choices"), got.get("choices"), "prompt " + i);
                assertEquals(want.get("usage"), got.get("usage"), "prompt " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientThatDisconnectsMidStreamCancelsItsRows() throws Exception {
        // Greedy decoding of this prompt runs to 400 tokens without an end-of-sequence token (checked here), so
        // only the cancel can end the stream early.
        JsonNode full = http.post("/v1/completions", body("prompt", PROMPT, "max_tokens", 400, "temperature", 0))
                .json();
        assertEquals("length", full.get("choices").get(0).get("finish_reason").asText());
        long cancelledBefore = batcher.cancelledRows();
        String req = body("prompt", PROMPT, "max_tokens", 400, "temperature", 0, "stream", true);
        int port = server.address().getPort();
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + req.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + req)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (count(seen, "data: ") < 3) {
                int b = in.read();
                assertTrue(b >= 0, "stream ended early: " + seen);
                seen.append((char) b);
            }
        }
        long end = System.nanoTime() + 120_000_000_000L;
        while ((batcher.cancelledRows() == cancelledBefore || batcher.activeRows() != 0) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(cancelledBefore + 1, batcher.cancelledRows(), "the stream's row was cancelled");
        assertEquals(0, batcher.activeRows());
        assertEquals(200, http.post("/v1/completions", body("prompt", PROMPT, "max_tokens", 2)).status());
    }

    private static int count(CharSequence s, String what) {
        int n = 0;
        for (int i = s.toString().indexOf(what); i >= 0; i = s.toString().indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
