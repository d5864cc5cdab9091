package dev.codedpo.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Learning rate at optimizer step k (1-based) of T, with W warm-up steps: lr k / W while k <= W; after that constant
 * lr, linear lr (T - k) / (T - W), or cosine lr (1 + cos(pi (k - W) / (T - W))) / 2.
 */
public enum LrScheduler {
    CONSTANT, LINEAR, COSINE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LrScheduler parse(String s) {
        return Method.Labels.parse(LrScheduler.class, s);
    }

    public double rate(double lr, long step, long warmup, long total) {
        if (step <= warmup) {
            return lr * step / warmup;
        }
        double span = total - warmup;
        return switch (this) {
            case CONSTANT -> lr;
            case LINEAR -> lr * (total - step) / span;
            case COSINE -> lr * (1 + Math.cos(Math.PI * (step - warmup) / span)) / 2;
        };
    }
}
