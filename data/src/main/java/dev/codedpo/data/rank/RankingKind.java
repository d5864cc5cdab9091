package dev.codedpo.data.rank;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The rankings offered by {@code codedpo pairs --ranking}. */
public enum RankingKind {
    SELF_VERIFY("self-verify"),
    PASS_COUNT("pass-count"),
    ALL_TESTS("all-tests"),
    CODET("codet"),
    RANDOM("random");

    private final String label;

    RankingKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static RankingKind parse(String s) {
        for (RankingKind k : values()) {
            if (k.label.equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown ranking '" + s
                + "' (expected self-verify, pass-count, all-tests, codet or random)");
    }

    public Ranker create(double damping, int iterations, UpdateOrder order) {
        return switch (this) {
            case SELF_VERIFY -> new SelfVerificationRanker(damping, iterations, order);
            case PASS_COUNT -> new PassCountRanker();
            case ALL_TESTS -> new AllTestsRanker();
            case CODET -> new CodeTRanker();
            case RANDOM -> new RandomRanker();
        };
    }
}
