package dev.codedpo.eval.check;

/**
 * The first input (differential) or test (test-list) a sample failed.
 *
 * @param set     "base", "plus", "test" (a test-list test) or "code" (the program did not even load)
 * @param index   index of the input within its set, or of the test; -1 for "code"
 * @param message what happened, as the harness or the engine reported it
 */
public record FailedInput(String set, int index, String message) {}
