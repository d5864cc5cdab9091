package dev.codedpo.models.generate;

import dev.codedpo.models.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * The text of a sample, one token at a time, at a cost that does not grow with its length: each call decodes only
 * the tokens since the last completed piece of text, with the one before them as context (so a SentencePiece
 * word-initial space is kept, as decode(prompt + new) minus decode(prompt) keeps it). A token that ends inside a
 * multi-byte character yields nothing until a later one completes it.
 */
final class IncrementalText {
    /** Prompt tokens kept as context for the first pieces. */
    private static final int CONTEXT = 4;
    private static final char REPLACEMENT = '\uFFFD';

    private final Tokenizer tokenizer;
    private long[] ids;
    private int size;
    // ids[prefix, read) is text already given out, kept as context; ids[read, size) is text not yet given out.
    private int prefix;
    private int read;

    IncrementalText(Tokenizer tokenizer, long[] prompt) {
        this.tokenizer = tokenizer;
        int context = Math.min(CONTEXT, prompt.length);
        ids = Arrays.copyOfRange(prompt, prompt.length - context, prompt.length + 16);
        size = context;
        read = context;
    }

    /** Adds a token and returns the text it completes ("" while a character is still partial). */
    String add(long id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[size++] = id;
        return take(false);
    }

    /** The text still held back at the end of a sample (a character left partial), given out anyway. */
    String flush() {
        return take(true);
    }

    /** The last token added (or the prompt's last). */
    long last() {
        return ids[size - 1];
    }

    private String take(boolean force) {
        if (read == size) {
            return "";
        }
        String before = tokenizer.decode(Arrays.copyOfRange(ids, prefix, read), true);
        String after = tokenizer.decode(Arrays.copyOfRange(ids, prefix, size), true);
        if (after.length() <= before.length() || (!force && after.charAt(after.length() - 1) == REPLACEMENT)) {
            return "";
        }
        prefix = read;
        read = size;
        return after.substring(before.length());
    }
}
