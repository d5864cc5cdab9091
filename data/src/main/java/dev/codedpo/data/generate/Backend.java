package dev.codedpo.data.generate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where samples come from: a model directory run here, or an OpenAI-compatible server. */
public enum Backend {
    LOCAL, OPENAI;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Backend parse(String s) {
        for (Backend b : values()) {
            if (b.name().equalsIgnoreCase(s.trim())) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + s + "' (expected local or openai)");
    }
}
