package dev.codedpo.data.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.codedpo.core.io.InputException;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.generate.ContinuousBatcher;
import dev.codedpo.models.generate.Generator;
import dev.codedpo.models.serve.OpenAiServer;
import dev.codedpo.models.serve.ServeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP backend of `codedpo generate` against this project's own `codedpo serve`, in one JVM on loopback: the
 * samples that come back over HTTP are the ones the local backend draws for the same seed (both derive sample j's
 * random stream from (seed, j)), greedy and sampled, while requests run concurrently through the server's
 * continuous batching.
 */
class OpenAiBackendAgainstServeTest {
    private static HfModel hf;
    private static ContinuousBatcher batcher;
    private static OpenAiServer server;

    @BeforeAll
    static void start() throws Exception {
        hf = HfModel.load(Path.of("../models/src/test/resources/stories260K"), Device.cpu());
        batcher = new ContinuousBatcher(hf.model(), hf.tokenizer(), hf.eosTokenIds(), 8);
        server = OpenAiServer.start(batcher, hf.tokenizer(), null, ServeOptions.of("stories"), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        batcher.close();
        hf.close();
    }

    private static OpenAiBackend backend(String model) {
        return new OpenAiBackend(new OpenAiBackend.Settings("http://127.0.0.1:" + server.address().getPort() + "/v1",
                model, null, "OPENAI_API_KEY", 3, 1, 0, Duration.ofSeconds(120), Duration.ofMillis(10),
                Duration.ofMillis(50)));
    }

    @Test
    void samplesOverHttpAreTheLocalOnes() {
        LocalBackend local = new LocalBackend(new Generator(hf), 4);
        try (OpenAiBackend http = backend("stories")) {
            for (double temperature : new double[] {0.0, 1.0}) {
                SamplingParams p = new SamplingParams(temperature == 0 ? 1 : 3, 20, temperature, 1.0, 11,
                        List.of("."));
                for (String prompt : List.of("Once upon a time", "Lily liked to")) {
                    ModelRequest r = new ModelRequest(prompt, null);
                    List<Completion> want = local.sample(r, p).completions();
                    List<Completion> got = http.sample(r, p).completions();
                    assertEquals(want, got, prompt + " at temperature " + temperature);
                }
            }
        }
    }

    @Test
    void aWrongModelNameIsAClearErrorNotAHang() {
        try (OpenAiBackend http = backend("no-such-model")) {
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> http.sample(new ModelRequest("Once", null), new SamplingParams(1, 4, 0.0, 1.0, 1,
                            List.of())));
            assertTrue(e instanceof InputException || e.getMessage().contains("no-such-model"), e.toString());
        }
    }
}
