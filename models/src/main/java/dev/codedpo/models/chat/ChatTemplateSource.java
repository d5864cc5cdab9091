package dev.codedpo.models.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's chat template and the special-token strings its template sees, read as transformers reads them:
 * chat_template.jinja, else chat_template.json, else the chat_template of tokenizer_config.json (a string, or a
 * list of named templates of which "default" is used); tokens from tokenizer_config.json as strings or
 * AddedToken objects.
 *
 * @param file      where the template came from, for messages
 * @param variables bos_token, eos_token, unk_token, sep_token, pad_token, cls_token, mask_token where set, and
 *                  additional_special_tokens (a list) where given
 */
record ChatTemplateSource(Path file, String template, Map<String, Object> variables) {
    static final List<String> SPECIAL_TOKENS = List.of("bos_token", "eos_token", "unk_token", "sep_token",
            "pad_token", "cls_token", "mask_token");

    ChatTemplateSource {
        variables = Map.copyOf(variables);
    }

    static ChatTemplateSource read(Path modelDir) {
        Path config = modelDir.resolve("tokenizer_config.json");
        JsonNode tokenizer = Files.isRegularFile(config) ? readJson(config) : null;
        Map<String, Object> variables = tokenizer == null ? Map.of() : specialTokens(tokenizer, config);
        Path jinja = modelDir.resolve("chat_template.jinja");
        if (Files.isRegularFile(jinja)) {
            try {
                return new ChatTemplateSource(jinja, Files.readString(jinja, StandardCharsets.UTF_8), variables);
            } catch (IOException e) {
                throw new InputException(jinja + ": cannot read: " + e.getMessage(), e);
            }
        }
        Path json = modelDir.resolve("chat_template.json");
        if (Files.isRegularFile(json)) {
            return new ChatTemplateSource(json, template(readJson(json), json), variables);
        }
        if (tokenizer == null) {
            throw new NoChatTemplateException(modelDir + ": no tokenizer_config.json, chat_template.jinja or "
                    + "chat_template.json, so no chat template: use base-style prompts");
        }
        return new ChatTemplateSource(config, template(tokenizer, config), variables);
    }

    private static String template(JsonNode root, Path file) {
        JsonNode t = root.get("chat_template");
        if (t == null || t.isNull() || (t.isTextual() && t.asText().isBlank())) {
            throw new NoChatTemplateException(file + ": has no chat_template (a base model?): use base-style "
                    + "prompts");
        }
        if (t.isTextual()) {
            return t.asText();
        }
        if (t.isArray()) {
            for (JsonNode named : t) {
                if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
                    return named.get("template").asText();
                }
            }
            throw new NoChatTemplateException(file + ": chat_template is a list of named templates without a "
                    + "\"default\" one: use base-style prompts");
        }
        throw new InputException(file + ": chat_template must be a string or a list of {name, template}, got "
                + t.getNodeType());
    }

    private static Map<String, Object> specialTokens(JsonNode config, Path file) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        for (String key : SPECIAL_TOKENS) {
            String text = tokenText(config.get(key), file, key);
            if (text != null) {
                tokens.put(key, text);
            }
        }
        JsonNode extra = config.get("additional_special_tokens");
        if (extra != null && extra.isArray() && !extra.isEmpty()) {
            List<String> texts = new ArrayList<>();
            for (JsonNode t : extra) {
                texts.add(tokenText(t, file, "additional_special_tokens"));
            }
            tokens.put("additional_special_tokens", texts);
        }
        return tokens;
    }

    /** A token given as a string or as an AddedToken object ({"content": ...}); null when unset. */
    static String tokenText(JsonNode token, Path file, String key) {
        if (token == null || token.isNull()) {
            return null;
        }
        if (token.isTextual()) {
            return token.asText();
        }
        if (token.isObject() && token.path("content").isTextual()) {
            return token.get("content").asText();
        }
        throw new InputException(file + ": " + key + " must be a string or an object with \"content\", got "
                + token);
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read as JSON: " + e.getMessage(), e);
        }
    }
}
