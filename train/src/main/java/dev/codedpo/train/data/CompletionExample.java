package dev.codedpo.train.data;

import dev.codedpo.models.batch.TokenizedRow;

/** A tokenized SFT row: a prompt and the completion to imitate (ending with EOS). */
public record CompletionExample(long[] prompt, long[] completion) {
    public TokenizedRow row() {
        return new TokenizedRow(prompt, completion);
    }
}
