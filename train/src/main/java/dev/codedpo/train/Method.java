package dev.codedpo.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What {@code codedpo train} optimises: preference pairs (DPO family), labelled single responses (KTO), or SFT. */
public enum Method {
    DPO, KTO, SFT;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Method parse(String s) {
        return Labels.parse(Method.class, s);
    }

    /** Parsing by lower-case label, shared by the config enums. */
    static final class Labels {
        private Labels() {}

        static <E extends Enum<E>> E parse(Class<E> type, String s) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(s.trim())) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown value '" + s + "' (expected one of "
                    + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ")");
        }
    }
}
