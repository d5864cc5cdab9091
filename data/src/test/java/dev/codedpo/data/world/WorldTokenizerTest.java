package dev.codedpo.data.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.data.world.tokenizer.BpeModel;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.models.batch.ResponseEncoder;
import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.config.ModelConfigReader;
import dev.codedpo.models.nn.ParameterLayout;
import dev.codedpo.models.tokenizer.SpecialTokens;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo model's tokenizer and config, loaded by the models module (DJL's native Hugging Face tokenizers). */
class WorldTokenizerTest {
    @TempDir
    static Path tmp;
    static World world;
    static Path model;

    @BeforeAll
    static void generate() {
        try (PythonWorkerPool pool = TestPool.start()) {
            world = SmallWorld.generate(SmallWorld.CONFIG, tmp.resolve("w"), pool);
        }
        model = tmp.resolve("w").resolve("model");
    }

    static List<String> texts() {
        List<String> out = new ArrayList<>();
        List<WorldTask> all = new ArrayList<>(world.train());
        all.addAll(world.heldOut());
        for (WorldTask t : all) {
            out.add(t.prompt());
            t.solutions().forEach(s -> out.add(s.body()));
            out.add(TestRequest.prompt(t.prompt(), t.entryPoint()));
            out.add(TestRequest.completion(t.entryPoint(), t.tests()));
        }
        return out;
    }

    @Test
    void everyPromptAndSolutionRoundTripsAndMatchesTheTrainersOwnEncoding() {
        try (Tokenizer tok = Tokenizer.load(model)) {
            List<String> texts = texts();
            texts.add("odd bytes: \t tab, ünïcödé, emoji \uD83D\uDE00, </s> <pad>\r\n");
            long tokens = 0;
            long chars = 0;
            for (String text : texts) {
                long[] ids = tok.encode(text, false);
                assertEquals(text, tok.decode(ids, false), "round trip of " + text);
                if (!text.startsWith("odd bytes")) {
                    // Same pieces and merges on both sides: the Java pre-tokenizer reads the regex as Oniguruma does.
                    assertEquals(world.tokenizer().encode(text), Arrays.stream(ids).boxed().map(Long::intValue).toList(),
                            text);
                }
                tokens += ids.length;
                chars += text.length();
            }
            // Even the test world's 61 merges must compress its text clearly below one token per character.
            assertTrue(tokens < 0.75 * chars, tokens + " tokens for " + chars + " characters");
        }
    }

    @Test
    void specialTokensAndBos() throws Exception {
        try (Tokenizer tok = Tokenizer.load(model)) {
            SpecialTokens s = tok.specialTokens();
            assertEquals(0L, s.bosId());
            assertEquals(1L, s.eosId());
            assertEquals(2L, s.padId());
            assertTrue(s.addBos());
            long[] withBos = tok.encode("def f(xs):\n", true);
            assertEquals(0L, withBos[0]);
            assertEquals("def f(xs):\n", tok.decode(withBos, true));
            assertEquals(List.of(1L), Arrays.stream(tok.encode("</s>", false)).boxed().toList());
        }
        JsonNode json = Json.MAPPER.readTree(Files.readString(model.resolve("tokenizer.json")));
        assertEquals(world.tokenizer().size(), json.get("model").get("vocab").size());
        assertEquals(SmallWorld.CONFIG.vocabSize(), world.tokenizer().size());
    }

    @Test
    void promptAndCompletionTokenizeApartAsTogether() {
        // A merge across the prompt/completion boundary would make training re-encode the completion alone.
        try (Tokenizer tok = Tokenizer.load(model)) {
            ResponseEncoder enc = ResponseEncoder.forScoring(tok);
            for (SftRow r : SftRows.of(world.train(), SmallWorld.CONFIG)) {
                assertFalse(enc.encode(r.prompt(), r.completion()).boundaryMerged(), r.prompt() + r.completion());
            }
        }
    }

    @Test
    void configJsonIsASmallLlamaTheModelsModuleReads() throws Exception {
        ModelConfig c = ModelConfigReader.read(model.resolve("config.json"));
        assertEquals("llama", c.modelType());
        assertEquals(world.tokenizer().size(), c.vocabSize());
        assertEquals(32, c.hiddenSize());
        assertEquals(1, c.numLayers());
        long params = ParameterLayout.shapes(c).values().stream()
                .mapToLong(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
        JsonNode summary = Json.MAPPER.readTree(Files.readString(tmp.resolve("w").resolve("summary.json")));
        assertEquals(params, summary.get("model_parameters").asLong());
    }

    @Test
    void bpeLearnerCountsPairs() {
        // "ab" occurs 3 times, "bc" twice: first merge a+b; then "abc" (2) beats everything left.
        BpeModel m = dev.codedpo.data.world.tokenizer.BpeTrainer.train(List.of("abc", "abc", "ab"), 261);
        assertEquals(List.of("a b", "ab c"), m.merges().stream().map(p -> p[0] + " " + p[1]).toList());
        assertEquals(261, m.size());
        assertEquals(List.of(260), m.encode("abc"));
    }
}
