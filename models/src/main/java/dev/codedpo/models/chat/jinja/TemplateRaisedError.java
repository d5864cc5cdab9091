package dev.codedpo.models.chat.jinja;

/** What a template's own {@code raise_exception(message)} throws: the template refuses this conversation. */
public final class TemplateRaisedError extends RuntimeException {
    public TemplateRaisedError(String message) {
        super(message);
    }
}
