package dev.codedpo.data.world;

/**
 * A correct solution of a task: the function body that continues the prompt.
 *
 * @param name   reference, loop, two_pass, or the slow idiom's name
 * @param growth how its work grows against the reference's
 * @param body   indented Python lines, ending with a newline
 */
public record Solution(String name, Growth growth, String body) {
    /** How a solution's work compares with the reference's as inputs grow. */
    public enum Growth {
        /** the reference itself */
        REFERENCE,
        /**
         * the same order of work, more of it: an explicit loop, an intermediate list, a concatenation loop, list
         * membership over characters (few distinct values)
         */
        CONSTANT_FACTOR,
        /** O(n log n) where the reference is O(n): sorting to find an extreme */
        LINEARITHMIC,
        /** O(n^2) where the reference is O(n) or O(n log n): list membership of ints or words, sorting in the loop */
        QUADRATIC
    }
}
