package dev.codedpo.models.generate;

import java.util.List;

/**
 * One token of a sample of a {@link ContinuousBatcher}, as it is generated.
 *
 * @param id       the token
 * @param piece    the text this token completes (may be "" for part of a character; the pieces of a sample add up
 *                 to its text before any stop-string cut)
 * @param logProb  its log-probability under the model (raw logits: no temperature or top-p)
 * @param top      the most likely alternatives at this position, most likely first (empty unless asked for)
 * @param released the text a stream may show now: held back while it could still be the start of a stop string,
 *                 and cut before the stop string when one completes
 */
public record GeneratedToken(long id, String piece, float logProb, List<Alternative> top, String released) {
    public GeneratedToken {
        top = List.copyOf(top);
    }

    /** A candidate token with its text (in the context of the token before it) and its log-probability. */
    public record Alternative(long id, String text, float logProb) {}
}
