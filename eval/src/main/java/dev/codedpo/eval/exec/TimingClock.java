package dev.codedpo.eval.exec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a timing round measures. CPU seconds are what the paper measures, and they vary from run to run and machine to
 * machine; executed bytecode instructions are the same in every run on one Python version (so efficiency pairs and
 * speed-ups repeat exactly, and one round is enough) but do not see work done inside builtins and C extensions.
 */
public enum TimingClock {
    /** CPU seconds of the thread that runs the tests. */
    CPU("cpu", "s"),
    /** Python bytecode instructions executed by the tests, counted by a trace hook (slows the code down). */
    OPCODES("opcodes", "opcodes");

    private final String label;
    private final String unit;

    TimingClock(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The unit of a round's measure, for reports. */
    public String unit() {
        return unit;
    }

    /** Whether two rounds of the same code can differ (then a code needs several rounds and a noise judgement). */
    public boolean noisy() {
        return this == CPU;
    }

    @JsonCreator
    public static TimingClock parse(String s) {
        for (TimingClock c : values()) {
            if (c.label.equalsIgnoreCase(s.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown timing clock '" + s + "' (expected cpu or opcodes)");
    }
}
