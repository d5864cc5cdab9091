package dev.codedpo.train.data;

import dev.codedpo.models.batch.TokenizedRow;

/** A tokenized DPO row: the prompt, the chosen and the rejected response (each ending with EOS). */
public record PreferenceExample(long[] prompt, long[] chosen, long[] rejected) {
    public TokenizedRow chosenRow() {
        return new TokenizedRow(prompt, chosen);
    }

    public TokenizedRow rejectedRow() {
        return new TokenizedRow(prompt, rejected);
    }
}
