package dev.codedpo.models.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Hugging Face tokenizer.json through DJL's native tokenizers, built so that it never truncates or pads (the
 * default instance silently truncates to 512 tokens: DJL-NOTES hazard 8); whether special tokens are added is an
 * explicit argument of every call.
 */
public final class Tokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final SpecialTokens special;

    private Tokenizer(HuggingFaceTokenizer tokenizer, SpecialTokens special) {
        this.tokenizer = tokenizer;
        this.special = special;
    }

    /** Loads {@code dir/tokenizer.json} and, when present, {@code dir/tokenizer_config.json}. */
    public static Tokenizer load(Path dir) {
        Path json = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(json)) {
            throw new InputException(dir + ": no tokenizer.json (only Hugging Face fast-tokenizer files are supported)");
        }
        HuggingFaceTokenizer hf;
        try {
            hf = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(json)
                    .optTruncation(false)
                    .optPadding(false)
                    .optAddSpecialTokens(true)
                    .optWithOverflowingTokens(false)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new InputException(json + ": cannot load tokenizer: " + e.getMessage(), e);
        }
        try {
            return new Tokenizer(hf, readSpecialTokens(dir.resolve("tokenizer_config.json"), hf));
        } catch (RuntimeException e) {
            hf.close();
            throw e;
        }
    }

    private static SpecialTokens readSpecialTokens(Path config, HuggingFaceTokenizer hf) {
        if (!Files.isRegularFile(config)) {
            return new SpecialTokens(null, null, null, null, false);
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(Files.readString(config));
        } catch (IOException e) {
            throw new InputException(config + ": cannot read: " + e.getMessage(), e);
        }
        boolean addBos = n.path("add_bos_token").asBoolean(false);
        return new SpecialTokens(
                tokenId(hf, config, "bos_token", n.get("bos_token")),
                tokenId(hf, config, "eos_token", n.get("eos_token")),
                tokenId(hf, config, "pad_token", n.get("pad_token")),
                tokenId(hf, config, "unk_token", n.get("unk_token")),
                addBos);
    }

    /** A special token may be a string, an AddedToken object {"content": ...}, or null. */
    private static Long tokenId(HuggingFaceTokenizer hf, Path config, String field, JsonNode v) {
        String text = v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.path("content").asText(null);
        if (text == null) {
            return null;
        }
        long[] ids = hf.encode(text, false, false).getIds();
        if (ids.length != 1) {
            throw new InputException(config + ": " + field + " \"" + text + "\" is not a single token of tokenizer.json");
        }
        return ids[0];
    }

    public SpecialTokens specialTokens() {
        return special;
    }

    /**
     * Token ids of {@code text}; with {@code addSpecialTokens} the tokenizer's template applies (e.g. BOS first),
     * except that a text which already starts with BOS (a rendered chat template that writes {@code bos_token}
     * itself, as Llama 3's and DeepSeek-Coder's do) keeps exactly one: the doubled BOS that transformers users
     * get from apply_chat_template followed by encoding with special tokens.
     */
    public long[] encode(String text, boolean addSpecialTokens) {
        long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
        Long bos = special.bosId();
        if (addSpecialTokens && bos != null && ids.length >= 2 && ids[0] == bos && ids[1] == bos) {
            return java.util.Arrays.copyOfRange(ids, 1, ids.length);
        }
        return ids;
    }

    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
