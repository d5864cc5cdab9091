package dev.codedpo.data.world.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the pieces that merges never cross: a line break alone (so a prompt that ends a line tokenizes
 * the same alone as followed by its completion, and training never has to re-encode a completion across the
 * boundary), indentation, words with one leading space, numbers, punctuation runs. The same regular expression goes
 * into tokenizer.json as a Split pre-tokenizer; it uses only constructs that Java and Oniguruma read alike.
 */
public final class PreTokenizer {
    public static final String REGEX = "\\n| +(?= \\S)| ?[A-Za-z_]+| ?[0-9]+| ?[^\\sA-Za-z0-9_]+| +|\\s";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private PreTokenizer() {}

    /** The pieces in order; text the pattern does not match stays a piece of its own (HF's "Isolated" split). */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PATTERN.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(text.substring(at, m.start()));
            }
            out.add(m.group());
            at = m.end();
        }
        if (at < text.length()) {
            out.add(text.substring(at));
        }
        return out;
    }
}
