package dev.codedpo.data.world;

/** One task of the world: a filter, a mapping and an aggregation over one kind of input. */
public record TaskSpec(ElementKind kind, Filter filter, Mapping mapping, Aggregation aggregation) {
    public TaskSpec {
        if (filter.kind() != kind || mapping.kind() != kind) {
            throw new IllegalArgumentException("filter and mapping must read " + kind);
        }
        if (mapping.out() != aggregation.in()) {
            throw new IllegalArgumentException(aggregation.family() + " does not take " + mapping.out());
        }
        if (!aggregation.usesMap() && !mapping.isIdentity()) {
            throw new IllegalArgumentException(aggregation.family() + " is only combined with the identity");
        }
    }

    /** The combination of families, which the held-out split is made of. */
    public Triple triple() {
        return new Triple(kind, filter.family(), mapping.family(), aggregation.family());
    }

    /** E.g. sum_square_even: aggregation, mapping (unless the identity), filter. */
    public String entryPoint() {
        return aggregation.name() + (mapping.isIdentity() ? "" : "_" + mapping.name()) + "_" + filter.name();
    }

    /** The task sentence, e.g. "Return the sum of the squares of the even numbers in xs." */
    public String sentence() {
        return String.format(aggregation.sentence(), String.format(mapping.phrase(), filter.base()));
    }

    /** The list comprehension of the mapped values: [x * x for x in xs if x % 2 == 0]. */
    public String comprehension() {
        return comprehension(mapping.expression(), kind.param());
    }

    /** A comprehension of {@code expression} over {@code source} that keeps what the filter keeps. */
    public String comprehension(String expression, String source) {
        return "[" + expression + " for " + kind.var() + " in " + source
                + (filter.keepsAll() ? "" : " if " + filter.condition()) + "]";
    }
}
