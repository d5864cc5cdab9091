package dev.codedpo.data.pairs;

/** Chosen and rejected code, by index into the task's code list. */
public record IndexPair(int chosen, int rejected) {}
