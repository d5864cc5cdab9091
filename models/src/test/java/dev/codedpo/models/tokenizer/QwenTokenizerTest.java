package dev.codedpo.models.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Qwen2.5 (and Qwen2.5-Coder) tokenizer through DJL's native tokenizers. */
class QwenTokenizerTest {
    static Tokenizer tok;

    @BeforeAll
    static void load() {
        tok = Tokenizer.load(TestModels.resource("qwen2.5"));
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void documentedEncodings() {
        // ../shared/tokenizers/SOURCES.md: "Hello world\n" -> 9707, 1879, 198.
        assertArrayEquals(new long[] {9707, 1879, 198}, tok.encode("Hello world\n", true));
        assertArrayEquals(new long[] {9707, 1879}, tok.encode("Hello world", false));
        assertArrayEquals(new long[] {198}, tok.encode("\n", false));
    }

    @Test
    void specialTokensMatchTokenizerJsonAndNoBosIsAdded() throws Exception {
        JsonNode added = Json.MAPPER.readTree(Files.readString(TestModels.resource("qwen2.5")
                .resolve("tokenizer.json"))).get("added_tokens");
        for (JsonNode t : added) {
            assertArrayEquals(new long[] {t.get("id").asLong()}, tok.encode(t.get("content").asText(), false),
                    t.get("content").asText());
        }
        SpecialTokens s = tok.specialTokens();
        assertNull(s.bosId());
        assertEquals(151645L, s.eosId());
        assertEquals(151643L, s.padId());
        assertArrayEquals(new long[] {151659, 750, 151661, 151660},
                tok.encode("<|fim_prefix|>def<|fim_suffix|><|fim_middle|>", false));
    }

    @Test
    void codeRoundTripsAndLongTextIsNotTruncated() {
        String code = "def add(a, b):\n    \"\"\"Return a + b; works for ints, floats — and ünïcödé.\"\"\"\n"
                + "\treturn a + b  # tab + spaces\n\n\n";
        assertEquals(code, tok.decode(tok.encode(code, false), false));
        String longText = code.repeat(200);
        long[] ids = tok.encode(longText, false);
        assertTrue(ids.length > 4000, "got " + ids.length + " tokens: the tokenizer truncated");
        assertEquals(longText, tok.decode(ids, false));
    }

    @Test
    void missingTokenizerJsonIsAClearError(@org.junit.jupiter.api.io.TempDir Path tmp) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.codedpo.core.io.InputException.class,
                () -> Tokenizer.load(tmp));
        assertTrue(e.getMessage().contains("no tokenizer.json"), e.getMessage());
    }
}
