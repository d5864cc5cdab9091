package dev.codedpo.data.generate;

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
}
