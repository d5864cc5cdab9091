package dev.codedpo.data.generate;

/** One sampled continuation, cut before a stop string, with the finish reason the backend gave. */
public record Completion(String text, String finishReason) {}
