package dev.codedpo.data.world;

/**
 * Keeps some elements.
 *
 * @param family    the primitive without its constant ("greater_than"); held-out combinations are by family
 * @param kind      the elements it reads
 * @param name      its part of the function name ("above3"; "nums", "words" or "chars" when everything is kept)
 * @param base      the phrase naming the kept elements ("the numbers in xs greater than 3")
 * @param condition Python condition on the loop variable, or null when everything is kept
 */
public record Filter(String family, ElementKind kind, String name, String base, String condition) {
    public Filter {
        if (family.isBlank() || name.isBlank() || base.isBlank()) {
            throw new IllegalArgumentException("a filter needs a family, a name and a phrase");
        }
    }

    public boolean keepsAll() {
        return condition == null;
    }
}
