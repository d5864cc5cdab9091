package dev.codedpo.models.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JinjaChatTemplateTest {
    @TempDir
    Path dir;

    @Test
    void raiseExceptionInATemplateSurfacesItsMessage() throws Exception {
        Path codellama = JinjaChatTemplateParityTest.resources().resolve("codellama");
        JinjaChatTemplate t = JinjaChatTemplate.fromModelDir(codellama);
        InputException e = assertThrows(InputException.class,
                () -> t.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), true));
        assertTrue(e.getMessage().contains("Conversation roles must alternate user/assistant/user/assistant/..."),
                e.getMessage());
        assertTrue(e.getMessage().contains(codellama.resolve("tokenizer_config.json").toString()), e.getMessage());
        assertEquals("<s>[INST] a [/INST]", t.render(List.of(ChatMessage.user("a")), true));
    }

    @Test
    void aModelWithoutAChatTemplateIsAClearError() throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}");
        InputException e = assertThrows(NoChatTemplateException.class, () -> JinjaChatTemplate.fromModelDir(dir));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer_config.json") + ": has no chat_template"),
                e.getMessage());
        assertTrue(e.getMessage().contains("base-style prompts"), e.getMessage());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        InputException none = assertThrows(NoChatTemplateException.class,
                () -> JinjaChatTemplate.fromModelDir(empty));
        assertTrue(none.getMessage().contains("no tokenizer_config.json"), none.getMessage());
    }

    @Test
    void namedTemplateListsAndAddedTokenObjectsAreRead() throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"bos_token": {"__type": "AddedToken", "content": "<s>", "lstrip": false},
                 "eos_token": "</s>", "pad_token": null,
                 "additional_special_tokens": ["<x>", {"content": "<y>"}],
                 "chat_template": [{"name": "tool_use", "template": "tools"},
                                   {"name": "default", "template": "{{ bos_token }}{% for m in messages %}{{ m.role }}:{{ m.content }}{% endfor %}{{ eos_token }}{{ pad_token is defined }}{{ additional_special_tokens | join }}\\n"}]}
                """);
        JinjaChatTemplate t = JinjaChatTemplate.fromModelDir(dir);
        assertEquals("<s>user:hi</s>False<x><y>", t.render(List.of(ChatMessage.user("hi")), true));
    }

    @Test
    void chatTemplateJinjaTakesPrecedenceAsInTransformers() throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"E\", \"chat_template\": \"old\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), "new{{ eos_token }}\n");
        assertEquals("newE", JinjaChatTemplate.fromModelDir(dir).render(List.of(ChatMessage.user("x")), false));
    }

    @Test
    void unknownTemplateErrorsNameTheSource() {
        JinjaChatTemplate t = JinjaChatTemplate.of("{{ messages[0].content.nosuchmethod(1) }}", null, null);
        InputException e = assertThrows(InputException.class, () -> t.render(List.of(ChatMessage.user("x")), true));
        assertTrue(e.getMessage().startsWith("chat template: cannot render the chat template"), e.getMessage());
    }

    @Test
    void strftimeNowGivesToday() {
        JinjaChatTemplate t = JinjaChatTemplate.of("{{ strftime_now('%Y-%m-%d') }}", null, null);
        LocalDate before = LocalDate.now();
        String rendered = t.render(List.of(ChatMessage.user("x")), true);
        LocalDate after = LocalDate.now();
        assertTrue(rendered.equals(before.toString()) || rendered.equals(after.toString()), rendered);
    }
}
