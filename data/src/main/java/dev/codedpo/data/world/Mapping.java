package dev.codedpo.data.world;

/**
 * Transforms each kept element.
 *
 * @param family     the primitive without its constant ("add")
 * @param kind       the elements it reads
 * @param out        the type of what it yields
 * @param name       its part of the function name ("plus3"); empty for the identity
 * @param phrase     a format with one %s for the phrase of the kept elements ("the squares of %s")
 * @param expression Python expression of the loop variable ("x * x")
 */
public record Mapping(String family, ElementKind kind, ValueType out, String name, String phrase,
                      String expression) {
    public Mapping {
        if (family.isBlank() || !phrase.contains("%s") || expression.isBlank()) {
            throw new IllegalArgumentException("a mapping needs a family, a phrase with %s and an expression");
        }
    }

    public boolean isIdentity() {
        return name.isEmpty();
    }
}
