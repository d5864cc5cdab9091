package dev.codedpo.models.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.io.SafetensorsReader;
import dev.codedpo.models.io.TensorInfo;
import dev.codedpo.models.nn.CausalLM;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter directory against what PEFT writes. Expected keys: every key of adapter_config.json files written by
 * PEFT 0.18.1 (LoraConfig.to_dict via save_pretrained; e.g. github.com/Alneyadi-Abdulla/DPO_train adapter_config.json,
 * "peft_version": "0.18.1"), without peft_version; tensor names and shapes as PEFT's get_peft_model_state_dict saves
 * them (adapter name removed): base_model.model.&lt;module&gt;.lora_A.weight [r, in], lora_B.weight [out, r].
 */
class PeftAdapterFilesTest {
    private static final List<String> PEFT_0_18_1_KEYS = List.of("alora_invocation_tokens", "alpha_pattern",
            "arrow_config", "auto_mapping", "base_model_name_or_path", "bias", "corda_config", "ensure_weight_tying",
            "eva_config", "exclude_modules", "fan_in_fan_out", "inference_mode", "init_lora_weights",
            "layer_replication", "layers_pattern", "layers_to_transform", "loftq_config", "lora_alpha", "lora_bias",
            "lora_dropout", "megatron_config", "megatron_core", "modules_to_save", "peft_type", "qalora_group_size",
            "r", "rank_pattern", "revision", "target_modules", "target_parameters", "task_type",
            "trainable_token_indices", "use_dora", "use_qalora", "use_rslora");

    @TempDir
    Path tmp;

    @Test
    void writesPeftsLayoutAndReadsItBack() throws IOException {
        try (CausalLM model = HfCheckpoint.load(TestModels.stories(), Device.cpu());
             LoraAdapter adapter = LoraAdapter.initialize(model, new LoraConfig(4, 16.0, 0.05,
                     List.of("v_proj", "q_proj")), 1)) {
            LoraAdapterTest.randomizeB(adapter, 5);
            Path dir = tmp.resolve("adapter");
            PeftAdapterFiles.save(adapter, dir, "stories260K", TestModels.stories());
            assertTrue(Files.isRegularFile(dir.resolve("adapter_model.safetensors")));
            assertTrue(Files.isRegularFile(dir.resolve("tokenizer.json")), "tokenizer copied as HF Trainer does");
            JsonNode c = Json.MAPPER.readTree(dir.resolve("adapter_config.json").toFile());
            List<String> keys = new ArrayList<>();
            c.fieldNames().forEachRemaining(keys::add);
            assertEquals(PEFT_0_18_1_KEYS, keys, "PEFT's keys, in its sorted order");
            assertEquals("LORA", c.get("peft_type").asText());
            assertEquals("CAUSAL_LM", c.get("task_type").asText());
            assertEquals(4, c.get("r").asInt());
            assertEquals(16, c.get("lora_alpha").asInt());
            assertTrue(c.get("lora_alpha").isIntegralNumber());
            assertEquals(0.05, c.get("lora_dropout").asDouble());
            assertEquals("none", c.get("bias").asText());
            assertEquals(false, c.get("fan_in_fan_out").asBoolean());
            assertEquals(true, c.get("inference_mode").asBoolean());
            assertEquals("[\"q_proj\",\"v_proj\"]", c.get("target_modules").toString());
            assertEquals("stories260K", c.get("base_model_name_or_path").asText());
            try (SafetensorsReader r = new SafetensorsReader(dir.resolve("adapter_model.safetensors"))) {
                Map<String, TensorInfo> t = r.tensors();
                assertEquals(5 * 2 * 2, t.size());
                assertArrayEquals(new long[] {4, 64},
                        t.get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").shape());
                assertArrayEquals(new long[] {32, 4},
                        t.get("base_model.model.model.layers.4.self_attn.v_proj.lora_B.weight").shape());
                assertEquals("F32", t.get("base_model.model.model.layers.4.self_attn.v_proj.lora_B.weight").dtype()
                        .name());
            }
            try (LoraAdapter back = PeftAdapterFiles.load(dir, model, 0)) {
                assertEquals(adapter.config(), back.config());
                adapter.parameters().forEach((name, value) ->
                        assertArrayEquals(value.toFloatArray(), back.parameters().get(name).toFloatArray(), name));
            }
        }
    }

    @Test
    void unsupportedFeaturesAreRefusedByKey() throws IOException {
        try (CausalLM model = HfCheckpoint.load(TestModels.stories(), Device.cpu());
             LoraAdapter adapter = LoraAdapter.initialize(model, LoraConfig.defaults(), 1)) {
            Path dir = tmp.resolve("ok");
            PeftAdapterFiles.save(adapter, dir, null, null);
            assertRefused(dir, "bias", "\"all\"", "bias \"all\" is not supported");
            assertRefused(dir, "use_dora", "true", "use_dora is true: DoRA is not supported");
            assertRefused(dir, "rank_pattern", "{\"q_proj\": 16}", "rank_pattern");
            assertRefused(dir, "peft_type", "\"IA3\"", "peft_type \"IA3\" is not supported");
            assertRefused(dir, "target_modules", "\".*attn.*\"", "a regular expression is not supported");
            assertRefused(dir, "modules_to_save", "[\"lm_head\"]", "modules_to_save");
            assertRefused(dir, "r", "4", "the model and rank imply");
        }
    }

    private void assertRefused(Path good, String key, String json, String expected) throws IOException {
        Path dir = tmp.resolve("bad-" + key);
        Files.createDirectories(dir);
        Files.copy(good.resolve(PeftAdapterFiles.WEIGHTS), dir.resolve(PeftAdapterFiles.WEIGHTS));
        ObjectNode c = (ObjectNode) Json.MAPPER.readTree(good.resolve(PeftAdapterFiles.CONFIG).toFile());
        c.set(key, Json.MAPPER.readTree(json));
        Files.writeString(dir.resolve(PeftAdapterFiles.CONFIG), c.toString());
        try (CausalLM model = HfCheckpoint.load(TestModels.stories(), Device.cpu())) {
            InputException e = assertThrows(InputException.class, () -> PeftAdapterFiles.load(dir, model, 0).close());
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
    }
}
