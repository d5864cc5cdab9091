package dev.codedpo.eval.samples;

/**
 * One candidate program for one task.
 *
 * @param index   the sample's position among the samples of its task (0-based, in file order)
 * @param program the full program that is executed (a "completion" already joined to the task's prompt)
 * @param line    where the sample came from ("file:line"), for messages
 */
public record Sample(String taskId, int index, String program, String line) {}
