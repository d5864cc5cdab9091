package dev.codedpo.models.chat;

import java.util.Objects;

/** One turn of a conversation as OpenAI's API and Hugging Face chat templates see it. */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        if (role.isBlank()) {
            throw new IllegalArgumentException("a chat message needs a role (system, user or assistant)");
        }
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
