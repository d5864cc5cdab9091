package dev.codedpo.models.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Java renderings against Jinja2's, character for character. The expected texts come from
 * tools/chat_templates/render_expected.py, which renders the same conversations with Jinja2 in transformers'
 * environment; the templates are the models' own (see chat-templates/SOURCES.md).
 */
class JinjaChatTemplateParityTest {
    static final List<String> MODELS = List.of("qwen2.5", "qwen3", "qwen3-early", "llama3", "llama3.1",
            "deepseek-coder", "codellama");

    static Path resources() throws Exception {
        return Path.of(JinjaChatTemplateParityTest.class.getResource("/chat-templates").toURI());
    }

    @TestFactory
    Stream<DynamicTest> modelTemplatesRenderAsJinja2Does() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String model : MODELS) {
            Path dir = resources().resolve(model);
            JinjaChatTemplate template = JinjaChatTemplate.fromModelDir(dir);
            for (JsonNode c : Json.MAPPER.readTree(dir.resolve("expected.json").toFile())) {
                tests.add(DynamicTest.dynamicTest(model + ": " + c.get("name").asText(), () -> check(template, c)));
            }
        }
        assertEquals(MODELS.size() * 11, tests.size(), "every model has its fixture cases");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> jinja2FeaturesRenderAsJinja2Does() throws Exception {
        JsonNode features = Json.MAPPER.readTree(resources().resolve("features.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : features.get("cases")) {
            JinjaChatTemplate template = JinjaChatTemplate.of(c.get("template").asText(),
                    features.get("bos_token").asText(), features.get("eos_token").asText());
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(template, c)));
        }
        return tests.stream();
    }

    private static void check(JinjaChatTemplate template, JsonNode c) {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : c.get("messages")) {
            messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        boolean agp = c.get("add_generation_prompt").asBoolean();
        if (c.has("error")) {
            InputException e = assertThrows(InputException.class, () -> template.render(messages, agp));
            assertTrue(e.getMessage().contains(c.get("error").asText()), e.getMessage());
        } else {
            assertEquals(c.get("expected").asText(), template.render(messages, agp));
        }
    }
}
