package dev.codedpo.data.world;

/**
 * One row of sft.jsonl: TRL's {@code prompt, completion}, plus where it came from.
 *
 * @param kind     code (the reference), code_alternative (a slower correct solution) or tests (a test-writing
 *                 request answered with the reference's asserts)
 * @param solution the solution's name for code rows, null for tests
 */
public record SftRow(String prompt, String completion, String taskId, String kind, String solution) {}
