package dev.codedpo.data.world;

/**
 * Turns the list of mapped values into the answer.
 *
 * @param family   its name in held-out combinations ("sum")
 * @param in       the value type it accepts
 * @param name     its part of the function name ("sum")
 * @param sentence a format with one %s for the phrase of the values ("Return the sum of %s.")
 * @param wrap     a format with one %s for a Python expression of the list of values ("sum(%s)")
 * @param slow     the slower idiom that computes the same answer, or NONE
 * @param usesMap  false when mapping cannot change the answer (a count), so tasks pair it with the identity only
 */
public record Aggregation(String family, ValueType in, String name, String sentence, String wrap, SlowIdiom slow,
                          boolean usesMap) {
    public Aggregation {
        if (!sentence.contains("%s") || !wrap.contains("%s")) {
            throw new IllegalArgumentException("aggregation " + family + ": sentence and wrap need a %s");
        }
    }

    public String apply(String listExpression) {
        return String.format(wrap, listExpression);
    }
}
