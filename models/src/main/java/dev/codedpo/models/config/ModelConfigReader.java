package dev.codedpo.models.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses config.json into a {@link ModelConfig}. Anything that would change the computation and is not implemented
 * is refused with an error naming the field, rather than silently giving a different model.
 */
public final class ModelConfigReader {
    public static final Set<String> SUPPORTED_TYPES = Set.of("llama", "mistral", "qwen2");

    private ModelConfigReader() {}

    public static ModelConfig read(Path configJson) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readString(configJson));
        } catch (NoSuchFileException e) {
            throw new InputException(configJson + ": no such file (a Hugging Face model directory needs config.json)");
        } catch (IOException e) {
            throw new InputException(configJson + ": cannot read: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InputException(configJson + ": expected a JSON object");
        }
        try {
            return parse((ObjectNode) node);
        } catch (IllegalArgumentException e) {
            throw new InputException(configJson + ": " + e.getMessage(), e);
        }
    }

    public static ModelConfig parse(ObjectNode n) {
        String type = text(n, "model_type", null);
        if (type == null) {
            throw new IllegalArgumentException("missing field model_type");
        }
        if (!SUPPORTED_TYPES.contains(type)) {
            throw new IllegalArgumentException("model_type \"" + type + "\" is not supported (supported: "
                    + String.join(", ", SUPPORTED_TYPES.stream().sorted().toList()) + ")");
        }
        String act = text(n, "hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("hidden_act \"" + act + "\" is not supported (only silu)");
        }
        if (n.hasNonNull("quantization_config")) {
            throw new IllegalArgumentException("quantization_config is set: quantized checkpoints are not supported");
        }
        int hidden = integer(n, "hidden_size", null);
        int heads = integer(n, "num_attention_heads", null);
        int kvHeads = integer(n, "num_key_value_heads", heads);
        int headDim = n.hasNonNull("head_dim") ? integer(n, "head_dim", null) : hidden / heads;
        if (!n.hasNonNull("head_dim") && hidden % heads != 0) {
            throw new IllegalArgumentException("hidden_size " + hidden + " is not divisible by num_attention_heads "
                    + heads + " and head_dim is not given");
        }
        boolean attentionBias = bool(n, "attention_bias", false);
        boolean mlpBias = bool(n, "mlp_bias", false);
        boolean qkvBias;
        boolean outputBias;
        int window = 0;
        switch (type) {
            case "qwen2" -> {
                qkvBias = true;
                outputBias = false;
                if (bool(n, "use_sliding_window", false)) {
                    throw new IllegalArgumentException("use_sliding_window=true is not supported for qwen2");
                }
            }
            case "mistral" -> {
                qkvBias = false;
                outputBias = false;
                window = n.hasNonNull("sliding_window") ? integer(n, "sliding_window", null) : 0;
            }
            default -> {
                qkvBias = attentionBias;
                outputBias = attentionBias;
            }
        }
        if (!type.equals("llama") && mlpBias) {
            throw new IllegalArgumentException("mlp_bias=true is only supported for model_type llama");
        }
        return new ModelConfig(type,
                integer(n, "vocab_size", null),
                hidden,
                integer(n, "intermediate_size", null),
                integer(n, "num_hidden_layers", null),
                heads, kvHeads, headDim,
                number(n, "rms_norm_eps", 1e-6),
                number(n, "rope_theta", 10000.0),
                ropeScaling(n.get("rope_scaling")),
                bool(n, "tie_word_embeddings", false),
                qkvBias, outputBias, mlpBias, window,
                integer(n, "max_position_embeddings", 4096),
                n.hasNonNull("bos_token_id") ? integer(n, "bos_token_id", null) : null,
                idList(n, "eos_token_id"),
                n.deepCopy());
    }

    static RopeScaling ropeScaling(JsonNode s) {
        if (s == null || s.isNull()) {
            return RopeScaling.NONE;
        }
        if (!s.isObject()) {
            throw new IllegalArgumentException("rope_scaling must be an object or null");
        }
        String kind = s.hasNonNull("rope_type") ? s.get("rope_type").asText()
                : s.hasNonNull("type") ? s.get("type").asText() : "default";
        if (kind.equals("default")) {
            return RopeScaling.NONE;
        }
        if (!kind.equals("linear")) {
            throw new IllegalArgumentException("rope_scaling type \"" + kind + "\" is not supported (only linear)");
        }
        JsonNode f = s.get("factor");
        if (f == null || !f.isNumber()) {
            throw new IllegalArgumentException("rope_scaling.factor must be a number");
        }
        return new RopeScaling("linear", f.asDouble());
    }

    /** eos_token_id may be one id, a list of ids, or absent. */
    static List<Integer> idList(JsonNode n, String field) {
        JsonNode v = n.get(field);
        List<Integer> ids = new ArrayList<>();
        if (v == null || v.isNull()) {
            return ids;
        }
        if (v.isInt()) {
            ids.add(v.asInt());
        } else if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isInt()) {
                    throw new IllegalArgumentException(field + " must hold integers");
                }
                ids.add(e.asInt());
            }
        } else {
            throw new IllegalArgumentException(field + " must be an integer or a list of integers");
        }
        return ids;
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field, Integer fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing field " + field);
            }
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be an integer, found " + v);
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String field, double fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, found " + v);
        }
        return v.asDouble();
    }

    private static boolean bool(JsonNode n, String field, boolean fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true or false, found " + v);
        }
        return v.asBoolean();
    }
}
