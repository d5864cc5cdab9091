package dev.codedpo.data.world.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * The byte-to-character table of byte-level BPE (GPT-2's, which the Hugging Face ByteLevel pre-tokenizer and
 * decoder use): printable Latin-1 bytes stand for themselves, the other 68 bytes take the code points from 256 on,
 * in byte order. Every byte string then becomes a string of visible characters, so no text is ever unknown.
 */
public final class ByteAlphabet {
    private static final char[] CHARS = table();

    private ByteAlphabet() {}

    private static char[] table() {
        char[] t = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            t[b] = printable ? (char) b : (char) next++;
        }
        return t;
    }

    /** The character of byte {@code b} (0-255). */
    public static char of(int b) {
        return CHARS[b];
    }

    /** The UTF-8 bytes of {@code text}, each as its character. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length);
        for (byte x : bytes) {
            b.append(CHARS[x & 0xFF]);
        }
        return b.toString();
    }
}
