package dev.codedpo.data.generate;

import dev.codedpo.models.chat.ChatFormat;
import dev.codedpo.models.chat.ChatMessage;
import java.util.List;

/**
 * What is sent to the model for one kind of sample.
 *
 * @param text     the exact text the model is given (base: the rendered template; instruct: the chat template's
 *                 rendering of {@code messages} with the assistant turn opened)
 * @param messages the conversation for chat APIs, or null for a plain continuation
 */
public record ModelRequest(String text, List<ChatMessage> messages) {
    public ModelRequest {
        messages = messages == null ? null : List.copyOf(messages);
    }

    /** A rendered template as a base model's text (chat null) or as the user turn of the model's chat template. */
    public static ModelRequest of(String rendered, ChatFormat chat) {
        if (chat == null) {
            return new ModelRequest(rendered, null);
        }
        List<ChatMessage> messages = List.of(ChatMessage.user(rendered));
        return new ModelRequest(chat.render(messages, true), messages);
    }
}
