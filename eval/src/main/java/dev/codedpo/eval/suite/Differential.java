package dev.codedpo.eval.suite;

/**
 * EvalPlus-style differential testing data of one task.
 *
 * @param flavor        "humaneval" or "mbpp": selects the task-specific oracles and MBPP+'s input retyping
 * @param atol          absolute tolerance for float outputs, as given by the data (0 = exact, 1e-6 forced for floats)
 * @param baseInputJson the base inputs, a JSON array of argument lists (raw text from the data file)
 * @param plusInputJson the extra ("plus") inputs, same layout
 */
public record Differential(String flavor, double atol, String baseInputJson, String plusInputJson) {}
