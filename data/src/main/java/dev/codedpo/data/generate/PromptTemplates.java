package dev.codedpo.data.generate;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.codedpo.core.io.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two requests of a task, code and tests, as Jinja templates over the task's fields ({@code task_id, prompt,
 * entry_point, setup}; a missing entry point is ""). A variable the template names but the task lacks is an error,
 * not an empty string, so a typo cannot silently change every prompt. As in Jinja, one trailing newline of the file
 * is dropped; otherwise the text is used exactly as rendered (a base model continues it). Jinjava does not strip
 * whitespace at a comment's {@code -#}}, so the shipped templates keep their comments at the end.
 */
public final class PromptTemplates {
    private final Template code;
    private final Template tests;

    /** A template's text and the name it is reported by. */
    public record Template(String name, String text) {}

    public PromptTemplates(Template code, Template tests) {
        this.code = code;
        this.tests = tests;
    }

    public static PromptTemplates load(Path code, Path tests) {
        return new PromptTemplates(read(code), read(tests));
    }

    /** Reads a template file; a missing one is an input error. */
    public static Template read(Path p) {
        try {
            return new Template(p.toString(), Files.readString(p));
        } catch (NoSuchFileException e) {
            throw new InputException(p + ": no such template file");
        } catch (IOException e) {
            throw new InputException(p + ": cannot read: " + e.getMessage());
        }
    }

    public Template code() {
        return code;
    }

    public Template tests() {
        return tests;
    }

    public String renderCode(PromptTask task) {
        return render(code, task);
    }

    public String renderTests(PromptTask task) {
        return render(tests, task);
    }

    private static final JinjavaConfig CONFIG = JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build();

    /** Jinja drops one trailing newline of a template by default (keep_trailing_newline=False); Jinjava does not. */
    static String withoutTrailingNewline(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    static String render(Template t, PromptTask task) {
        return render(t, task.variables(), "rendering task " + task.taskId());
    }

    /**
     * Renders any template under these rules (null variables are ""); {@code context} ends an error message.
     * Also used by {@code codedpo tasks}, whose request has other variables.
     */
    public static String render(Template t, Map<String, Object> variables, String context) {
        Map<String, Object> vars = new HashMap<>(variables);
        vars.replaceAll((k, v) -> v == null ? "" : v);
        // A Jinjava instance is cheap next to a sampling request, and one per call keeps this thread-safe.
        RenderResult r = new Jinjava(CONFIG).renderForResult(withoutTrailingNewline(t.text()), vars);
        var fatal = r.getErrors().stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        if (!fatal.isEmpty()) {
            throw new InputException(t.name() + ": " + fatal.stream()
                    .map(e -> (e.getLineno() > 0 ? "line " + e.getLineno() + ": " : "") + e.getMessage())
                    .collect(Collectors.joining("; ")) + " (" + context + ")");
        }
        return r.getOutput();
    }
}
