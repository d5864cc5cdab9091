package dev.codedpo.models.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.chat.ChatMessage;
import dev.codedpo.models.generate.ContinuousBatcher;
import dev.codedpo.models.generate.GenerationConfig;
import dev.codedpo.models.generate.Generator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK, unchanged, against the server: it parses and validates every response strictly
 * (validate() checks each field's type), streams, and maps error objects to its exceptions.
 */
class OfficialClientTest {
    static final String MODEL = "stories260K";
    static final String PROMPT = "Once upon a time";

    static HfModel hf;
    static ContinuousBatcher batcher;
    static OpenAiServer server;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        hf = HfModel.load(TestModels.stories(), Device.cpu());
        batcher = new ContinuousBatcher(hf.model(), hf.tokenizer(), hf.eosTokenIds(), 4);
        server = OpenAiServer.start(batcher, hf.tokenizer(), OpenAiServerTest.CHATML,
                ServeOptions.of(MODEL).withApiKey("sk-local"), "127.0.0.1", 0);
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + server.address().getPort() + "/v1")
                .apiKey("sk-local")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (batcher != null) {
            batcher.close();
        }
        if (hf != null) {
            hf.close();
        }
    }

    private static String reference(String prompt, int tokens) {
        return new Generator(hf).unfused().generate(List.of(prompt), GenerationConfig.greedy(tokens)).get(0).get(0)
                .text();
    }

    @Test
    void completionsAndModels() {
        Completion c = client.completions().create(CompletionCreateParams.builder()
                .model(MODEL).prompt(PROMPT).maxTokens(9).temperature(0.0).logprobs(1).build()).validate();
        assertEquals(reference(PROMPT, 9), c.choices().get(0).text());
        assertEquals("length", c.choices().get(0).finishReason().asString());
        assertEquals(9, c.usage().orElseThrow().completionTokens());
        assertEquals(9, c.choices().get(0).logprobs().orElseThrow().tokenLogprobs().orElseThrow().size());
        assertEquals(MODEL, client.models().list().data().get(0).id());
    }

    @Test
    void chatWholeAndStreamed() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(MODEL).addUserMessage("Hi").maxCompletionTokens(8).temperature(0.0).build();
        String rendered = OpenAiServerTest.CHATML.render(List.of(ChatMessage.user("Hi")), true);
        String expected = reference(rendered, 8);
        ChatCompletion whole = client.chat().completions().create(params).validate();
        assertEquals(expected, whole.choices().get(0).message().content().orElseThrow());
        StringBuilder streamed = new StringBuilder();
        long[] usage = {-1};
        ChatCompletionCreateParams withUsage = params.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(withUsage)) {
            s.stream().forEach(chunk -> {
                chunk.validate();
                chunk.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append));
                chunk.usage().ifPresent(u -> usage[0] = u.completionTokens());
            });
        }
        assertEquals(expected, streamed.toString());
        assertEquals(8, usage[0]);
    }

    @Test
    void errorsBecomeTheSdksExceptions() {
        BadRequestException bad = assertThrows(BadRequestException.class, () -> client.completions().create(
                CompletionCreateParams.builder().model(MODEL).prompt(PROMPT).maxTokens(100_000).build()));
        assertTrue(bad.getMessage().contains("maximum context length"), bad.getMessage());
        OpenAIClient wrong = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + server.address().getPort() + "/v1")
                .apiKey("sk-wrong")
                .maxRetries(0)
                .build();
        try {
            assertThrows(UnauthorizedException.class, () -> wrong.models().list());
        } finally {
            wrong.close();
        }
    }
}
