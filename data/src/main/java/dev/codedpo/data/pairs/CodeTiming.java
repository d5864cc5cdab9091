package dev.codedpo.data.pairs;

/** Repeated timings of one code on the trusted tests (CPU seconds per round). */
public record CodeTiming(int code, double median, double min, double max, double[] rounds) {}
