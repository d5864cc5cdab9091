package dev.codedpo.data.world.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link BpeModel} as Hugging Face fast-tokenizer files: tokenizer.json (Split on {@link PreTokenizer#REGEX},
 * then ByteLevel without its own regex; BPE; BOS added by a template post-processor; ByteLevel decoder) and
 * tokenizer_config.json naming BOS, EOS and PAD.
 */
public final class TokenizerFiles {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TokenizerFiles() {}

    public static void write(BpeModel model, int modelMaxLength, Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), Json.pretty(tokenizerJson(model)));
        Files.writeString(dir.resolve("tokenizer_config.json"), Json.pretty(tokenizerConfig(modelMaxLength)));
    }

    static ObjectNode tokenizerJson(BpeModel model) {
        ObjectNode root = F.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : BpeModel.SPECIALS) {
            added.add(addedToken(model.vocab().get(s), s));
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode split = steps.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", PreTokenizer.REGEX);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        steps.add(byteLevel());
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = post.putObject("special_tokens").putObject("<s>");
        bos.put("id", "<s>");
        bos.putArray("ids").add(model.vocab().get("<s>"));
        bos.putArray("tokens").add("<s>");
        root.set("decoder", byteLevel());
        ObjectNode m = root.putObject("model");
        m.put("type", "BPE");
        m.putNull("dropout");
        m.putNull("unk_token");
        m.putNull("continuing_subword_prefix");
        m.putNull("end_of_word_suffix");
        m.put("fuse_unk", false);
        m.put("byte_fallback", false);
        ObjectNode vocab = m.putObject("vocab");
        model.vocab().forEach(vocab::put);
        ArrayNode merges = m.putArray("merges");
        model.merges().forEach(p -> merges.add(p[0] + " " + p[1]));
        return root;
    }

    private static ObjectNode addedToken(int id, String content) {
        ObjectNode t = F.objectNode();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
        return t;
    }

    private static ObjectNode byteLevel() {
        ObjectNode b = F.objectNode();
        b.put("type", "ByteLevel");
        b.put("add_prefix_space", false);
        b.put("trim_offsets", false);
        b.put("use_regex", false);
        return b;
    }

    static ObjectNode tokenizerConfig(int modelMaxLength) {
        ObjectNode c = F.objectNode();
        c.put("add_bos_token", true);
        c.put("add_eos_token", false);
        c.put("bos_token", "<s>");
        c.put("eos_token", "</s>");
        c.put("pad_token", "<pad>");
        c.putNull("unk_token");
        c.put("clean_up_tokenization_spaces", false);
        c.put("model_max_length", modelMaxLength);
        c.put("tokenizer_class", "PreTrainedTokenizerFast");
        return c;
    }
}
