package dev.codedpo.data.world;

/** A combination of primitive families (constants aside), e.g. (INTS, even, square, sum). */
public record Triple(ElementKind kind, String filter, String mapping, String aggregation) {
    /** How the README and summary name it: ints:even/square/sum. */
    public String label() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + filter + "/" + mapping + "/" + aggregation;
    }
}
