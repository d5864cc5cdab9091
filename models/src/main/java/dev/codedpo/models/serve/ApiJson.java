package dev.codedpo.models.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.models.generate.GeneratedToken;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The response objects of OpenAI's API (as vLLM writes them), whole and as stream chunks. */
final class ApiJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String id;
    private final long created;
    private final String model;
    private final boolean chat;

    ApiJson(String id, long created, String model, boolean chat) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.chat = chat;
    }

    static ObjectNode error(ApiError e) {
        ObjectNode inner = F.objectNode();
        inner.put("message", e.getMessage());
        inner.put("type", e.type);
        inner.put("param", e.param);
        inner.put("code", e.code);
        ObjectNode out = F.objectNode();
        out.set("error", inner);
        return out;
    }

    static ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode u = F.objectNode();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completionTokens);
        u.put("total_tokens", promptTokens + completionTokens);
        return u;
    }

    /** The whole response: "text_completion" or "chat.completion". */
    ObjectNode response(List<ChoiceText> choices, boolean logprobs, ObjectNode usage) {
        ObjectNode out = head(chat ? "chat.completion" : "text_completion");
        ArrayNode cs = out.putArray("choices");
        for (ChoiceText c : choices) {
            ObjectNode o = cs.addObject();
            o.put("index", c.index);
            if (chat) {
                ObjectNode m = o.putObject("message");
                m.put("role", "assistant");
                m.put("content", c.text.toString());
                m.putNull("refusal");
                o.set("logprobs", logprobs ? chatLogprobs(c.tokens) : F.nullNode());
            } else {
                o.put("text", c.text.toString());
                o.set("logprobs", logprobs ? legacyLogprobs(c.tokens, c.offsets) : F.nullNode());
            }
            o.put("finish_reason", c.finishReason);
        }
        out.set("usage", usage);
        return out;
    }

    /** A stream chunk of one choice: new text (or a chat delta), its log-probs, and the finish reason at the end. */
    ObjectNode chunk(int index, String text, boolean firstOfChoice, ObjectNode logprobs, String finishReason,
                     boolean usageField) {
        ObjectNode out = head(chat ? "chat.completion.chunk" : "text_completion");
        ObjectNode o = out.putArray("choices").addObject();
        o.put("index", index);
        if (chat) {
            ObjectNode delta = o.putObject("delta");
            if (firstOfChoice) {
                delta.put("role", "assistant");
            }
            if (text != null) {
                delta.put("content", text);
            }
        } else {
            o.put("text", text == null ? "" : text);
        }
        o.set("logprobs", logprobs == null ? F.nullNode() : logprobs);
        o.put("finish_reason", finishReason);
        if (usageField) {
            out.putNull("usage");
        }
        return out;
    }

    /** The last chunk when the client asked for usage: no choices. */
    ObjectNode usageChunk(ObjectNode usage) {
        ObjectNode out = head(chat ? "chat.completion.chunk" : "text_completion");
        out.putArray("choices");
        out.set("usage", usage);
        return out;
    }

    /** Log-probs of some tokens of a choice, in the format of this endpoint. */
    ObjectNode logprobs(List<GeneratedToken> tokens, List<Integer> offsets) {
        return chat ? chatLogprobs(tokens) : legacyLogprobs(tokens, offsets);
    }

    private ObjectNode head(String object) {
        ObjectNode out = F.objectNode();
        out.put("id", id);
        out.put("object", object);
        out.put("created", created);
        out.put("model", model);
        return out;
    }

    /** Completions: {tokens, token_logprobs, top_logprobs: [{text: logprob}], text_offset}. */
    private static ObjectNode legacyLogprobs(List<GeneratedToken> tokens, List<Integer> offsets) {
        ObjectNode lp = F.objectNode();
        ArrayNode toks = lp.putArray("tokens");
        ArrayNode values = lp.putArray("token_logprobs");
        ArrayNode tops = lp.putArray("top_logprobs");
        ArrayNode offs = lp.putArray("text_offset");
        for (int i = 0; i < tokens.size(); i++) {
            GeneratedToken t = tokens.get(i);
            toks.add(t.piece());
            values.add(t.logProb());
            ObjectNode top = tops.addObject();
            for (GeneratedToken.Alternative a : t.top()) {
                if (!top.has(a.text())) {
                    top.put(a.text(), a.logProb());
                }
            }
            // As vLLM does: the chosen token is always among them.
            if (!top.has(t.piece())) {
                top.put(t.piece(), t.logProb());
            }
            offs.add(offsets.get(i));
        }
        return lp;
    }

    /** Chat: {content: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]}. */
    private static ObjectNode chatLogprobs(List<GeneratedToken> tokens) {
        ObjectNode lp = F.objectNode();
        ArrayNode content = lp.putArray("content");
        for (GeneratedToken t : tokens) {
            ObjectNode o = entry(t.piece(), t.logProb());
            ArrayNode top = o.putArray("top_logprobs");
            for (GeneratedToken.Alternative a : t.top()) {
                top.add(entry(a.text(), a.logProb()));
            }
            content.add(o);
        }
        return lp;
    }

    private static ObjectNode entry(String token, float logProb) {
        ObjectNode o = F.objectNode();
        o.put("token", token);
        o.put("logprob", logProb);
        ArrayNode bytes = o.putArray("bytes");
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return o;
    }
}
