package dev.codedpo.data.world;

/**
 * One input of a task and the reference's output for it, both as Python literals (the output is Python's own repr).
 */
public record TestCase(String input, String expected) {
    /** {@code assert f(input) == expected} with {@code caller} as the function. */
    public String assertion(String caller) {
        return "assert " + caller + "(" + input + ") == " + expected;
    }
}
