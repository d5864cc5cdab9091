package dev.codedpo.models.chat;

import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.codedpo.core.io.InputException;
import dev.codedpo.models.chat.jinja.ChatJinja;
import dev.codedpo.models.chat.jinja.TemplateRaisedError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's own chat template (the Jinja text of its tokenizer_config.json), rendered as transformers'
 * apply_chat_template renders it: same whitespace rules, same globals (raise_exception, strftime_now), same
 * tojson, and the variables messages, add_generation_prompt and the special-token strings. Any chat model's
 * template works, not only known families; a template that refuses a conversation (raise_exception) or cannot be
 * rendered raises an InputException naming where it came from.
 */
public final class JinjaChatTemplate implements ChatFormat {
    /** Jinjava renders concurrently from one instance; building one registers every filter, so share it. */
    private static final ChatJinja ENGINE = new ChatJinja();

    private final String origin;
    private final String template;
    private final Map<String, Object> variables;

    private JinjaChatTemplate(String origin, String template, Map<String, Object> variables) {
        this.origin = origin;
        // Jinja2 drops one newline at the very end of a template's source (keep_trailing_newline=False).
        this.template = template.endsWith("\n") ? template.substring(0, template.length() - 1) : template;
        this.variables = Map.copyOf(variables);
    }

    /**
     * The chat template of a Hugging Face model directory (chat_template.jinja, chat_template.json or
     * tokenizer_config.json's chat_template, as transformers looks for it).
     *
     * @throws NoChatTemplateException when the model has none (a base model: callers fall back to base-style
     *                                 prompts); InputException when its files cannot be read
     */
    public static JinjaChatTemplate fromModelDir(Path dir) {
        ChatTemplateSource source = ChatTemplateSource.read(dir);
        return new JinjaChatTemplate(source.file().toString(), source.template(), source.variables());
    }

    /** A template given as text; bos or eos may be null (then the template sees them undefined). */
    public static JinjaChatTemplate of(String template, String bos, String eos) {
        Objects.requireNonNull(template, "template");
        Map<String, Object> tokens = new HashMap<>();
        if (bos != null) {
            tokens.put("bos_token", bos);
        }
        if (eos != null) {
            tokens.put("eos_token", eos);
        }
        return new JinjaChatTemplate("chat template", template, tokens);
    }

    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        Map<String, Object> context = new HashMap<>(variables);
        List<Map<String, Object>> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        context.put("messages", turns);
        context.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result = ENGINE.renderForResult(template, context);
        for (TemplateError error : result.getErrors()) {
            TemplateRaisedError raised = raisedBy(error.getException());
            if (raised != null) {
                throw new InputException(origin + ": the chat template refuses this conversation: "
                        + raised.getMessage());
            }
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new InputException(origin + ": cannot render the chat template: line " + error.getLineno()
                        + ": " + error.getMessage() + cause(error.getException()));
            }
        }
        return result.getOutput();
    }

    private static TemplateRaisedError raisedBy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TemplateRaisedError raised) {
                return raised;
            }
        }
        return null;
    }

    /** Jinjava's message often only names the failing call; the innermost cause says why. */
    private static String cause(Throwable t) {
        Throwable root = t;
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        return root == null || root == t || root.getMessage() == null ? "" : " (" + root.getMessage() + ")";
    }

    @Override
    public String toString() {
        return "chat template from " + origin;
    }
}
