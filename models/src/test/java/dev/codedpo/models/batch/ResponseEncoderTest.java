package dev.codedpo.models.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.models.TestModels;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trainers' tokenization, with the peers' known bugs as tests: exactly one BOS (none for Qwen, which has none),
 * exactly one EOS, no word-start marker inserted at the prompt/response boundary, truncation that keeps the end of
 * the prompt, and a pad id equal to the EOS id that still trains the final EOS.
 */
class ResponseEncoderTest {
    @Test
    void llamaStyleRowHasOneBosOneEosAndTheJointTail() {
        try (Tokenizer tok = Tokenizer.load(TestModels.stories())) {
            long bos = tok.specialTokens().bosId();
            long eos = tok.specialTokens().eosId();
            ResponseEncoder enc = new ResponseEncoder(tok, eos, 0, 0);
            ResponseEncoder.Encoded e = enc.encode("Once upon a time", " there was a cat.");
            long[] p = e.row().prompt();
            long[] r = e.row().response();
            assertEquals(bos, p[0]);
            assertEquals(1, count(p, bos) + count(r, bos), "exactly one BOS");
            assertEquals(eos, r[r.length - 1]);
            assertEquals(1, count(p, eos) + count(r, eos), "exactly one EOS");
            assertFalse(e.boundaryMerged());
            long[] joint = tok.encode("Once upon a time there was a cat.", true);
            assertArrayEquals(joint, Arrays.copyOf(concat(p, r), joint.length), "prompt + response = joint encoding");
            // Encoding the response alone would start with a word-start token the joint text does not have.
            long[] alone = tok.encode(" there was a cat.", false);
            assertFalse(Arrays.equals(alone, Arrays.copyOf(r, r.length - 1)));
        }
    }

    /** A chat template that writes bos_token itself (Llama 3, DeepSeek-Coder) must not give two BOS. */
    @Test
    void aPromptThatAlreadyStartsWithBosKeepsOne() {
        try (Tokenizer tok = Tokenizer.load(TestModels.stories())) {
            long bos = tok.specialTokens().bosId();
            long[] plain = tok.encode("Once upon a time", true);
            assertEquals(bos, tok.encode("<s>Once upon a time", false)[0], "the text's own <s> is BOS");
            long[] written = tok.encode("<s>Once upon a time", true);
            assertEquals(bos, written[0]);
            assertEquals(1, count(written, bos), Arrays.toString(written));
            assertEquals(bos, plain[0]);
            ResponseEncoder.Encoded e = new ResponseEncoder(tok, tok.specialTokens().eosId(), 0, 0)
                    .encode("<s>Once upon a time", " there was a cat.");
            assertEquals(1, count(e.row().prompt(), bos) + count(e.row().response(), bos), "one BOS in training");
        }
    }

    @Test
    void aResponseEndingWithEosTextGetsNoSecondEos() {
        try (Tokenizer tok = Tokenizer.load(TestModels.stories())) {
            long eos = tok.specialTokens().eosId();
            long[] r = new ResponseEncoder(tok, eos, 0, 0).encode("Lily", " ran home.</s>").row().response();
            assertEquals(1, count(r, eos), Arrays.toString(r));
            assertEquals(eos, r[r.length - 1]);
        }
    }

    @Test
    void qwenRowHasNoBosAndOneEndOfTurn() {
        try (Tokenizer tok = Tokenizer.load(TestModels.resource("qwen2.5"))) {
            assertEquals(null, tok.specialTokens().bosId());
            long eos = tok.specialTokens().eosId();
            ResponseEncoder.Encoded e = new ResponseEncoder(tok, eos, 0, 0).encode("def add(a, b):\n",
                    "    return a + b\n");
            long[] p = e.row().prompt();
            assertArrayEquals(tok.encode("def add(a, b):\n", false), p, "no special token before the prompt");
            assertEquals(1, count(e.row().response(), eos));
        }
    }

    @Test
    void truncationKeepsThePromptsEndThenCutsTheResponse() {
        try (Tokenizer tok = Tokenizer.load(TestModels.stories())) {
            ResponseEncoder enc = new ResponseEncoder(tok, 2L, 10, 4);
            long[] fullPrompt = tok.encode("One day, a little girl named Lily went to the park", true);
            ResponseEncoder.Encoded e = enc.encode("One day, a little girl named Lily went to the park",
                    " and saw a big red ball in the grass.");
            assertTrue(e.truncated());
            assertArrayEquals(Arrays.copyOfRange(fullPrompt, fullPrompt.length - 4, fullPrompt.length),
                    e.row().prompt());
            assertEquals(6, e.row().response().length);
            ResponseEncoder.Encoded nothing = new ResponseEncoder(tok, 2L, 4, 0).truncate(
                    new long[] {1, 5, 6, 7}, new long[] {8, 2}, false);
            assertTrue(nothing.empty(), "a response cut to nothing is reported, to be dropped");
        }
    }

    @Test
    void padIdEqualToEosStillScoresTheFinalEos() {
        long eos = 2;
        SequenceBatch b = SequenceBatch.of(List.of(new TokenizedRow(new long[] {1, 7}, new long[] {9, eos}),
                new TokenizedRow(new long[] {1, 7, 8, 9}, new long[] {10, 11, eos})), eos);
        assertArrayEquals(new int[] {2, 3}, b.scoredPerRow());
        assertEquals(eos, b.targets()[1], "the first row's EOS is a target, not padding");
        assertEquals(eos, b.targets()[4]);
    }

    private static int count(long[] a, long v) {
        int n = 0;
        for (long x : a) {
            n += x == v ? 1 : 0;
        }
        return n;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
