package dev.codedpo.models.score;

/**
 * Log-probability of a response given its prompt under a model.
 *
 * @param sum      sum of the response tokens' log-probs (natural log)
 * @param mean     sum / nTokens (0 when there are no scored tokens)
 * @param nTokens  scored response tokens
 * @param perToken each scored token's log-prob, in order
 * @param tokenIds the scored tokens' ids
 */
public record SequenceScore(double sum, double mean, int nTokens, float[] perToken, long[] tokenIds) {}
