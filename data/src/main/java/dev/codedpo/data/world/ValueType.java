package dev.codedpo.data.world;

/** The type of the values an aggregation consumes: ints, words, or single characters. */
public enum ValueType {
    INT, STR, CHAR
}
