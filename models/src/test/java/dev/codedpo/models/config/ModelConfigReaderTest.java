package dev.codedpo.models.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheStoriesConfig() {
        ModelConfig c = ModelConfigReader.read(TestModels.stories().resolve("config.json"));
        assertEquals("llama", c.modelType());
        assertEquals(64, c.hiddenSize());
        assertEquals(8, c.headDim());
        assertEquals(2, c.groupSize());
        assertTrue(c.tieWordEmbeddings());
        assertFalse(c.qkvBias());
        assertEquals(List.of(2), c.eosTokenIds());
        // 260,032 parameters is what the model card states.
        assertEquals(260_032, c.parameterCount());
    }

    @Test
    void qwen2HasQkvBiasAndExplicitHeadDimAndRopeScalingAreRead() {
        ModelConfig q = ModelConfigReader.read(TestModels.parity("tiny-qwen2").resolve("config.json"));
        assertTrue(q.qkvBias());
        assertFalse(q.outputBias());
        ModelConfig l = ModelConfigReader.read(TestModels.parity("tiny-llama").resolve("config.json"));
        assertEquals(12, l.headDim());
        assertEquals(2.0, l.ropeScaling().factor());
        ModelConfig m = ModelConfigReader.read(TestModels.parity("tiny-mistral").resolve("config.json"));
        assertEquals(5, m.slidingWindow());
    }

    @Test
    void unsupportedOptionsNameTheirField() throws Exception {
        assertError("model_type", "gpt2", "model_type \"gpt2\" is not supported");
        assertError("hidden_act", "gelu", "hidden_act \"gelu\" is not supported");
        ObjectNode scaling = Json.MAPPER.createObjectNode().put("rope_type", "llama3").put("factor", 8.0);
        assertError("rope_scaling", scaling, "rope_scaling type \"llama3\" is not supported");
        assertError("num_key_value_heads", 3, "num_key_value_heads");
        ObjectNode qwen = base();
        qwen.put("model_type", "qwen2").put("use_sliding_window", true);
        assertMessage(qwen, "use_sliding_window=true is not supported");
        ObjectNode noType = base();
        noType.remove("model_type");
        assertMessage(noType, "missing field model_type");
    }

    private ObjectNode base() throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(Files.readString(TestModels.stories().resolve("config.json")));
    }

    private void assertError(String field, Object value, String expected) throws Exception {
        ObjectNode n = base();
        n.set(field, Json.MAPPER.valueToTree(value));
        assertMessage(n, expected);
    }

    private void assertMessage(ObjectNode n, String expected) throws Exception {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, Json.line(n));
        InputException e = assertThrows(InputException.class, () -> ModelConfigReader.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
