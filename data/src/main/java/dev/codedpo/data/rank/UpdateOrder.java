package dev.codedpo.data.rank;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Order of the two half-steps of a self-verification iteration (CODEDPO.md leaves it open). */
public enum UpdateOrder {
    /** Tests from the current code scores, then codes from the new test scores (reproduces the paper's figure). */
    TESTS_FIRST,
    /** Both from the previous iteration's scores (Jacobi-style). */
    SIMULTANEOUS;

    @JsonCreator
    public static UpdateOrder parse(String s) {
        for (UpdateOrder o : values()) {
            if (o.label().equalsIgnoreCase(s.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown update order '" + s + "' (expected tests-first or simultaneous)");
    }

    @JsonValue
    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
