package dev.codedpo.models.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.models.chat.ChatFormat;
import dev.codedpo.models.chat.ChatMessage;
import dev.codedpo.models.generate.SamplingParams;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads the body of /v1/completions and /v1/chat/completions as OpenAI and vLLM define it. Fields this server does
 * not use are ignored (clients send many); a field it uses with the wrong type or range is a 400 naming it.
 */
final class RequestReader {
    /** OpenAI's limit on returned alternatives per token. */
    static final int MAX_LOGPROBS = 20;

    private final Tokenizer tokenizer;
    private final ChatFormat chatFormat;
    private final ServeOptions options;
    private final int maxLength;
    private final int maxBatch;

    RequestReader(Tokenizer tokenizer, ChatFormat chatFormat, ServeOptions options, int maxLength, int maxBatch) {
        this.tokenizer = tokenizer;
        this.chatFormat = chatFormat;
        this.options = options;
        this.maxLength = maxLength;
        this.maxBatch = maxBatch;
    }

    ApiRequest read(JsonNode body, boolean chat) {
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("the request body must be a JSON object", null);
        }
        JsonNode model = body.get("model");
        if (model != null && !model.isNull()) {
            if (!model.isTextual()) {
                throw ApiError.badRequest("'model' must be a string", "model");
            }
            if (!model.asText().equals(options.modelName())) {
                throw ApiError.notFound("The model '" + model.asText() + "' does not exist; this server serves '"
                        + options.modelName() + "'.", "model_not_found");
            }
        }
        List<long[]> prompts = chat ? List.of(chatPrompt(body)) : completionPrompts(body);
        String lengthParam = chat ? "messages" : "prompt";
        Integer maxTokens = optInt(body, "max_completion_tokens", 1, Integer.MAX_VALUE);
        if (maxTokens == null) {
            maxTokens = optInt(body, "max_tokens", 1, Integer.MAX_VALUE);
        }
        int longest = 0;
        for (long[] p : prompts) {
            longest = Math.max(longest, p.length);
        }
        if (longest >= maxLength) {
            throw ApiError.contextLength("This model's maximum context length is " + maxLength + " tokens; the "
                    + "prompt has " + longest + " tokens, leaving none to generate.", lengthParam);
        }
        int tokens = maxTokens != null ? maxTokens : maxLength - longest;
        if ((long) longest + tokens > maxLength) {
            throw ApiError.contextLength("This model's maximum context length is " + maxLength + " tokens; the "
                    + "prompt has " + longest + " tokens and " + tokens + " more were asked for (max_tokens).",
                    lengthParam);
        }
        Double temperature = optNumber(body, "temperature", 0, 2);
        Double topP = optNumber(body, "top_p", 0, 1);
        if (topP != null && topP == 0) {
            throw ApiError.badRequest("'top_p' must be in (0, 1]", "top_p");
        }
        Integer n = optInt(body, "n", 1, maxBatch);
        Long seed = optLong(body, "seed");
        int logprobs = chat ? chatLogprobs(body) : completionLogprobs(body);
        boolean stream = optBoolean(body, "stream", false);
        boolean includeUsage = false;
        JsonNode so = body.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) {
                throw ApiError.badRequest("'stream_options' must be an object", "stream_options");
            }
            includeUsage = optBoolean(so, "include_usage", false);
        }
        SamplingParams params = new SamplingParams(tokens,
                temperature != null ? temperature : options.defaultTemperature(),
                topP != null ? topP : options.defaultTopP(),
                n != null ? n : 1,
                seed != null ? seed : ThreadLocalRandom.current().nextLong(),
                stops(body), logprobs);
        return new ApiRequest(chat, prompts, params, stream, includeUsage);
    }

    /** prompt: a string, a list of strings, a list of token ids, or a list of lists of token ids. */
    private List<long[]> completionPrompts(JsonNode body) {
        JsonNode p = body.get("prompt");
        if (p == null || p.isNull()) {
            throw ApiError.badRequest("'prompt' is required", "prompt");
        }
        List<long[]> out = new ArrayList<>();
        if (p.isTextual()) {
            out.add(encode(p.asText(), "prompt"));
        } else if (p.isArray() && !p.isEmpty() && p.get(0).isIntegralNumber()) {
            out.add(tokenIds(p));
        } else if (p.isArray() && !p.isEmpty()) {
            for (JsonNode item : p) {
                if (item.isTextual()) {
                    out.add(encode(item.asText(), "prompt"));
                } else if (item.isArray()) {
                    out.add(tokenIds(item));
                } else {
                    throw promptType();
                }
            }
        } else {
            throw promptType();
        }
        return out;
    }

    private static ApiError promptType() {
        return ApiError.badRequest("'prompt' must be a string, a list of strings, a list of token ids or a list "
                + "of lists of token ids", "prompt");
    }

    private long[] tokenIds(JsonNode array) {
        long[] ids = new long[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isIntegralNumber() || v.asLong() < 0) {
                throw promptType();
            }
            ids[i] = v.asLong();
        }
        if (ids.length == 0) {
            throw ApiError.badRequest("a prompt of token ids must not be empty", "prompt");
        }
        return ids;
    }

    private long[] encode(String text, String param) {
        long[] ids = tokenizer.encode(text, true);
        if (ids.length == 0) {
            throw ApiError.badRequest("the prompt has no tokens", param);
        }
        return ids;
    }

    private long[] chatPrompt(JsonNode body) {
        if (chatFormat == null) {
            throw ApiError.badRequest("this model has no chat template: use /v1/completions", "messages");
        }
        JsonNode ms = body.get("messages");
        if (ms == null || !ms.isArray() || ms.isEmpty()) {
            throw ApiError.badRequest("'messages' must be a non-empty list of {role, content}", "messages");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : ms) {
            JsonNode role = m.get("role");
            if (!m.isObject() || role == null || !role.isTextual() || role.asText().isBlank()) {
                throw ApiError.badRequest("each message needs a 'role' string", "messages");
            }
            messages.add(new ChatMessage(role.asText(), content(m.get("content"))));
        }
        long[] ids = encode(chatFormat.render(messages, true), "messages");
        // A template that writes BOS itself and a tokenizer that adds one give two: keep one.
        Long bos = tokenizer.specialTokens().bosId();
        if (bos != null && ids.length > 1 && ids[0] == bos && ids[1] == bos) {
            ids = Arrays.copyOfRange(ids, 1, ids.length);
        }
        return ids;
    }

    /** content: a string, null, or a list of parts of which the text ones count. */
    private static String content(JsonNode c) {
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode part : c) {
                JsonNode text = part.get("text");
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || text == null
                        || !text.isTextual()) {
                    throw ApiError.badRequest("message content parts must be {\"type\": \"text\", \"text\": ...}",
                            "messages");
                }
                b.append(text.asText());
            }
            return b.toString();
        }
        throw ApiError.badRequest("message 'content' must be a string or a list of text parts", "messages");
    }

    private static List<String> stops(JsonNode body) {
        JsonNode s = body.get("stop");
        if (s == null || s.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (s.isTextual()) {
            out.add(s.asText());
        } else if (s.isArray()) {
            for (JsonNode item : s) {
                if (!item.isTextual()) {
                    throw ApiError.badRequest("'stop' must be a string or a list of strings", "stop");
                }
                out.add(item.asText());
            }
        } else {
            throw ApiError.badRequest("'stop' must be a string or a list of strings", "stop");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw ApiError.badRequest("stop strings must not be empty", "stop");
        }
        return out;
    }

    /** Completions: logprobs is the number of alternatives per token (0 = the chosen token's only). */
    private static int completionLogprobs(JsonNode body) {
        Integer k = optInt(body, "logprobs", 0, MAX_LOGPROBS);
        return k == null ? -1 : k;
    }

    /** Chat: logprobs is a boolean, top_logprobs the number of alternatives. */
    private static int chatLogprobs(JsonNode body) {
        boolean on = optBoolean(body, "logprobs", false);
        Integer top = optInt(body, "top_logprobs", 0, MAX_LOGPROBS);
        if (top != null && !on) {
            throw ApiError.badRequest("'top_logprobs' needs 'logprobs': true", "top_logprobs");
        }
        return on ? (top == null ? 0 : top) : -1;
    }

    private static Integer optInt(JsonNode body, String field, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiError.badRequest("'" + field + "' must be an integer", field);
        }
        int i = v.asInt();
        if (i < min || i > max) {
            throw ApiError.badRequest("'" + field + "' must be in [" + min + ", " + max + "], got " + i, field);
        }
        return i;
    }

    private static Long optLong(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiError.badRequest("'" + field + "' must be an integer", field);
        }
        return v.asLong();
    }

    private static Double optNumber(JsonNode body, String field, double min, double max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw ApiError.badRequest("'" + field + "' must be a number", field);
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            throw ApiError.badRequest("'" + field + "' must be in [" + min + ", " + max + "], got " + d, field);
        }
        return d;
    }

    private static boolean optBoolean(JsonNode body, String field, boolean dflt) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw ApiError.badRequest("'" + field + "' must be true or false", field);
        }
        return v.asBoolean();
    }
}
