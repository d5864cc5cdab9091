package dev.codedpo.eval.prompt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a model is asked for a solution. In config files and JSON: {@code base} or {@code instruct}. */
public enum PromptStyle {
    /** A base model continues the task's prompt; the sample is prompt + continuation. */
    BASE,
    /** An instruct model gets the task in its chat template and answers with a fenced code block (EvalPlus style). */
    INSTRUCT;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PromptStyle parse(String s) {
        for (PromptStyle p : values()) {
            if (p.name().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown prompt style '" + s + "' (expected base or instruct)");
    }
}
