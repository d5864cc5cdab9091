package dev.codedpo.train.data;

import dev.codedpo.models.batch.TokenizedRow;

/** A tokenized KTO row: a prompt, one completion (ending with EOS) and whether it is desirable. */
public record LabeledExample(long[] prompt, long[] completion, boolean desirable) {
    public TokenizedRow row() {
        return new TokenizedRow(prompt, completion);
    }
}
