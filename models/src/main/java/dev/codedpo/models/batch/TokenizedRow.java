package dev.codedpo.models.batch;

/**
 * A prompt and a response as token ids: the unit every scorer and trainer batches. The response tokens are the ones
 * scored (for training they end with EOS, see {@link ResponseEncoder}).
 */
public record TokenizedRow(long[] prompt, long[] response) {
    public TokenizedRow {
        if (prompt == null || response == null) {
            throw new IllegalArgumentException("prompt and response ids are required");
        }
    }

    public int length() {
        return prompt.length + response.length;
    }

    /** Response tokens that have a position to be predicted from (a first token after an empty prompt has none). */
    public int scoredTokens() {
        return prompt.length == 0 ? Math.max(0, response.length - 1) : response.length;
    }
}
