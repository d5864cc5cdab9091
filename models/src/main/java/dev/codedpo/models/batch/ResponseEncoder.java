package dev.codedpo.models.batch;

import dev.codedpo.models.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * Turns (prompt, response) text into token ids the way preference trainers do (TRL's rule), so that scores and
 * training see the same tokens:
 * <ul>
 *   <li>prompt = the prompt encoded with the tokenizer's special tokens (BOS where the tokenizer adds one);</li>
 *   <li>response = the tail of the encoding of prompt + response after the prompt's tokens, so that
 *       SentencePiece-style tokenizers do not insert a word-start marker at the boundary; where a merge crosses the
 *       boundary (the prompt's tokens are not a prefix), the response encoded alone, and the row says so;</li>
 *   <li>for training, EOS appended (unless the response already ends with it);</li>
 *   <li>truncation: a prompt over {@code maxPromptLength} keeps its last tokens, then the response is cut so that
 *       the row fits {@code maxLength} (0 = no limit).</li>
 * </ul>
 */
public final class ResponseEncoder {
    /** An encoded row and what was done to it. */
    public record Encoded(TokenizedRow row, boolean boundaryMerged, boolean truncated) {
        /** True when truncation left no response token to learn from: such a row is dropped and counted. */
        public boolean empty() {
            return row.scoredTokens() == 0;
        }
    }

    private final Tokenizer tokenizer;
    private final Long eosId;
    private final int maxLength;
    private final int maxPromptLength;

    /**
     * @param eosId appended to every response; null for scoring text as given
     */
    public ResponseEncoder(Tokenizer tokenizer, Long eosId, int maxLength, int maxPromptLength) {
        if (maxLength < 0 || maxPromptLength < 0) {
            throw new IllegalArgumentException("lengths must be >= 0 (0 = no limit)");
        }
        this.tokenizer = tokenizer;
        this.eosId = eosId;
        this.maxLength = maxLength;
        this.maxPromptLength = maxPromptLength;
    }

    /** Scoring as given: joint rule, no EOS, no truncation. */
    public static ResponseEncoder forScoring(Tokenizer tokenizer) {
        return new ResponseEncoder(tokenizer, null, 0, 0);
    }

    public Encoded encode(String prompt, String response) {
        long[] p = tokenizer.encode(prompt, true);
        long[] joint = tokenizer.encode(prompt + response, true);
        boolean merged = !startsWith(joint, p);
        long[] r = merged ? tokenizer.encode(response, false) : Arrays.copyOfRange(joint, p.length, joint.length);
        if (eosId != null && (r.length == 0 || r[r.length - 1] != eosId)) {
            r = Arrays.copyOf(r, r.length + 1);
            r[r.length - 1] = eosId;
        }
        return truncate(p, r, merged);
    }

    /** Applies the truncation rule to ids already encoded (also used for pre-tokenized input). */
    public Encoded truncate(long[] p, long[] r, boolean merged) {
        boolean truncated = false;
        if (maxPromptLength > 0 && p.length > maxPromptLength) {
            p = Arrays.copyOfRange(p, p.length - maxPromptLength, p.length);
            truncated = true;
        }
        if (maxLength > 0 && p.length + r.length > maxLength) {
            r = Arrays.copyOf(r, Math.max(0, maxLength - p.length));
            truncated = true;
        }
        return new Encoded(new TokenizedRow(p, r), merged, truncated);
    }

    private static boolean startsWith(long[] a, long[] prefix) {
        if (prefix.length > a.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
