package dev.codedpo.models.chat;

import java.util.List;

/**
 * Turns a conversation into the exact text a chat model is given, as its own template does. BOS is left to the
 * tokenizer when the template does not write it.
 */
@FunctionalInterface
public interface ChatFormat {
    /**
     * @param addGenerationPrompt whether to end with the opening of the assistant's turn (true when the model is
     *                            to answer next)
     */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);
}
