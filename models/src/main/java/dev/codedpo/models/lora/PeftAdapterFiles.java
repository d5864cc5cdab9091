package dev.codedpo.models.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.AtomicDirectory;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.io.SafetensorsDType;
import dev.codedpo.models.io.SafetensorsReader;
import dev.codedpo.models.io.SafetensorsWriter;
import dev.codedpo.models.nn.CausalLM;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LoRA adapter directory in Hugging Face PEFT's layout, so that {@code PeftModel.from_pretrained(base, dir)} loads
 * what this writes and this loads what PEFT writes: {@code adapter_config.json} and {@code adapter_model.safetensors}
 * (float32; names from {@link PeftNames}, A [r, in], B [out, r]). The config carries every key PEFT 0.18.1's
 * LoraConfig writes (taken from adapter_config.json files that PEFT 0.18.1 wrote), with the values meaning "plain
 * LoRA"; {@code peft_version} is left out, as this is not PEFT. Reading accepts any PEFT version's file but refuses,
 * by key, every feature that would change the computation and that this adapter does not implement.
 */
public final class PeftAdapterFiles {
    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";

    private PeftAdapterFiles() {}

    /** What adapter_config.json says, checked. */
    public record AdapterConfig(LoraConfig lora, String baseModelNameOrPath) {}

    /**
     * Writes the adapter into {@code dir}: a new directory appears whole or not at all; into an existing one (a
     * training output directory) the weights are moved in before the config.
     *
     * @param tokenizerSource a model directory whose tokenizer files are copied alongside (as Hugging Face's
     *                        Trainer does when it saves a PEFT model), or null
     */
    public static void save(LoraAdapter adapter, Path dir, String baseModelNameOrPath, Path tokenizerSource) {
        AtomicDirectory.Writer body = tmp -> writeFiles(adapter, tmp, baseModelNameOrPath, tokenizerSource);
        if (Files.isDirectory(dir)) {
            AtomicDirectory.publishInto(dir, body, CONFIG);
        } else {
            AtomicDirectory.write(dir, body);
        }
    }

    /** Writes the adapter files into {@code dir} (a staging directory that the caller publishes). */
    public static void writeFiles(LoraAdapter adapter, Path dir, String baseModelNameOrPath, Path tokenizerSource)
            throws IOException {
        SafetensorsWriter.write(dir.resolve(WEIGHTS), adapter.parameters(), SafetensorsDType.F32);
        AtomicFiles.writeString(dir.resolve(CONFIG), Json.pretty(configJson(adapter.config(), baseModelNameOrPath)));
        if (tokenizerSource != null) {
            for (String name : HfCheckpoint.SIDE_FILES) {
                Path src = tokenizerSource.resolve(name);
                if (Files.isRegularFile(src) && !name.equals("generation_config.json")) {
                    Files.copy(src, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** adapter_config.json for {@code config}, keys in PEFT's (sorted) order. */
    public static ObjectNode configJson(LoraConfig config, String baseModelNameOrPath) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.putNull("alora_invocation_tokens");
        n.putObject("alpha_pattern");
        n.putNull("arrow_config");
        n.putNull("auto_mapping");
        if (baseModelNameOrPath == null) {
            n.putNull("base_model_name_or_path");
        } else {
            n.put("base_model_name_or_path", baseModelNameOrPath);
        }
        n.put("bias", "none");
        n.putNull("corda_config");
        n.put("ensure_weight_tying", false);
        n.putNull("eva_config");
        n.putNull("exclude_modules");
        n.put("fan_in_fan_out", false);
        n.put("inference_mode", true);
        n.put("init_lora_weights", true);
        n.putNull("layer_replication");
        n.putNull("layers_pattern");
        n.putNull("layers_to_transform");
        n.putObject("loftq_config");
        double alpha = config.alpha();
        if (alpha == Math.rint(alpha) && Math.abs(alpha) < 1e15) {
            n.put("lora_alpha", (long) alpha);
        } else {
            n.put("lora_alpha", alpha);
        }
        n.put("lora_bias", false);
        n.put("lora_dropout", config.dropout());
        n.putNull("megatron_config");
        n.put("megatron_core", "megatron.core");
        n.putNull("modules_to_save");
        n.put("peft_type", "LORA");
        n.put("qalora_group_size", 16);
        n.put("r", config.rank());
        n.putObject("rank_pattern");
        n.putNull("revision");
        var targets = n.putArray("target_modules");
        config.targetModules().forEach(targets::add);
        n.putNull("target_parameters");
        n.put("task_type", "CAUSAL_LM");
        n.putNull("trainable_token_indices");
        n.put("use_dora", false);
        n.put("use_qalora", false);
        n.put("use_rslora", false);
        return n;
    }

    /** Reads and checks adapter_config.json. */
    public static AdapterConfig readConfig(Path dir) {
        Path f = dir.resolve(CONFIG);
        if (!Files.isRegularFile(f)) {
            throw new InputException(dir + ": not a PEFT adapter directory (no " + CONFIG + ")");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(Files.readString(f));
        } catch (IOException e) {
            throw new InputException(f + ": cannot read: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new InputException(f + ": expected a JSON object");
        }
        String type = n.path("peft_type").asText("");
        if (!type.equals("LORA")) {
            throw new InputException(f + ": peft_type \"" + type + "\" is not supported (only LORA)");
        }
        String task = n.path("task_type").isNull() || n.path("task_type").isMissingNode() ? "CAUSAL_LM"
                : n.path("task_type").asText();
        if (!task.equals("CAUSAL_LM")) {
            throw new InputException(f + ": task_type \"" + task + "\" is not supported (only CAUSAL_LM)");
        }
        String bias = n.path("bias").asText("none");
        if (!bias.equals("none")) {
            throw new InputException(f + ": bias \"" + bias + "\" is not supported (only \"none\": no trained biases)");
        }
        refuseTrue(n, f, "use_dora", "DoRA");
        refuseTrue(n, f, "use_rslora", "rank-stabilised scaling (rsLoRA)");
        refuseTrue(n, f, "fan_in_fan_out", "fan_in_fan_out (Conv1D-style weights)");
        refuseTrue(n, f, "lora_bias", "lora_bias (a bias on lora_B)");
        refuseTrue(n, f, "use_qalora", "QALoRA");
        for (String key : List.of("rank_pattern", "alpha_pattern")) {
            JsonNode v = n.path(key);
            if (!v.isMissingNode() && !v.isNull() && !(v.isObject() && v.isEmpty())) {
                throw new InputException(f + ": " + key + " " + v + " is not supported (one rank and alpha for "
                        + "every module)");
            }
        }
        for (String key : List.of("modules_to_save", "layers_to_transform", "layer_replication", "exclude_modules",
                "trainable_token_indices", "target_parameters", "alora_invocation_tokens")) {
            JsonNode v = n.path(key);
            if (!v.isMissingNode() && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
                throw new InputException(f + ": " + key + " " + v + " is not supported");
            }
        }
        JsonNode r = n.path("r");
        JsonNode alpha = n.path("lora_alpha");
        if (!r.canConvertToInt() || !r.isIntegralNumber() || r.asInt() < 1) {
            throw new InputException(f + ": r: expected an integer >= 1, got " + r);
        }
        if (!alpha.isNumber()) {
            throw new InputException(f + ": lora_alpha: expected a number, got " + alpha);
        }
        double dropout = n.path("lora_dropout").isNumber() ? n.path("lora_dropout").asDouble() : 0.0;
        List<String> targets = targets(n.path("target_modules"), f);
        String base = n.path("base_model_name_or_path").isTextual() ? n.path("base_model_name_or_path").asText() : null;
        try {
            return new AdapterConfig(new LoraConfig(r.asInt(), alpha.asDouble(), dropout, targets), base);
        } catch (IllegalArgumentException e) {
            throw new InputException(f + ": " + e.getMessage().replace("lora.", ""));
        }
    }

    private static void refuseTrue(JsonNode n, Path f, String key, String what) {
        if (n.path(key).asBoolean(false)) {
            throw new InputException(f + ": " + key + " is true: " + what + " is not supported");
        }
    }

    private static List<String> targets(JsonNode t, Path f) {
        if (t.isTextual()) {
            if (t.asText().equals("all-linear")) {
                return LoraConfig.ALL_TARGETS;
            }
            throw new InputException(f + ": target_modules \"" + t.asText() + "\": a regular expression is not "
                    + "supported (give a list of projection names, or \"all-linear\")");
        }
        if (!t.isArray() || t.isEmpty()) {
            throw new InputException(f + ": target_modules: expected a list of projection names, got " + t);
        }
        List<String> out = new ArrayList<>();
        t.forEach(e -> out.add(e.asText()));
        return out;
    }

    /**
     * Loads an adapter directory for {@code model} (not installed yet). Every tensor must be a LoRA A or B of a
     * targeted projection, and every targeted projection of every layer must have both.
     */
    public static LoraAdapter load(Path dir, CausalLM model, long dropoutSeed) {
        AdapterConfig config = readConfig(dir);
        Path f = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(f)) {
            if (Files.isRegularFile(dir.resolve("adapter_model.bin"))) {
                throw new InputException(dir + ": adapter_model.bin is not read (convert it to safetensors)");
            }
            throw new InputException(dir + ": no " + WEIGHTS);
        }
        Map<String, NDArray> a = new LinkedHashMap<>();
        Map<String, NDArray> b = new LinkedHashMap<>();
        try (NDManager m = model.manager().newSubManager();
             SafetensorsReader reader = new SafetensorsReader(f)) {
            for (String name : reader.tensors().keySet()) {
                String[] parsed = PeftNames.parse(name);
                if (parsed == null) {
                    throw new InputException(f + ": tensor " + name + " is not a LoRA A/B weight of a decoder "
                            + "projection (trained embeddings, biases, DoRA magnitudes and modules_to_save are not "
                            + "supported)");
                }
                (parsed[1].equals("A") ? a : b).put(parsed[0], reader.readFloat32(name, m));
            }
            try {
                return LoraAdapter.of(model, config.lora(), a, b, dropoutSeed);
            } catch (IllegalArgumentException e) {
                throw new InputException(f + ": " + e.getMessage());
            }
        }
    }
}
