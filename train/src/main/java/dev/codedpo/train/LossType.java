package dev.codedpo.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The DPO loss family (CODEDPO.md): sigmoid (DPO), ipo, hinge, robust (label smoothing with a debiasing factor). */
public enum LossType {
    SIGMOID, IPO, HINGE, ROBUST;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LossType parse(String s) {
        return Method.Labels.parse(LossType.class, s);
    }
}
