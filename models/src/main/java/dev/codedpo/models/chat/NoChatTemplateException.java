package dev.codedpo.models.chat;

import dev.codedpo.core.io.InputException;

/** The model has no chat template (a base model): callers that can fall back to base-style prompts catch this. */
public final class NoChatTemplateException extends InputException {
    public NoChatTemplateException(String message) {
        super(message);
    }
}
