package dev.codedpo.models.generate;

import dev.codedpo.models.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** One sample of a request in a continuous batch: its random stream, its text so far and how it ended. */
final class DecodeRow {
    final BatchRequest request;
    final int sample;
    private final SplittableRandom rng;
    private final IncrementalText text;
    private final StringBuilder full = new StringBuilder();
    private final int holdBack;
    private int released;
    private int generated;
    /** Leading positions of this row in the shared KV cache that are padding. */
    int pad;
    /** The token to feed at the next decode step (the last one chosen). */
    long next;
    String finish;

    DecodeRow(BatchRequest request, int sample, Tokenizer tokenizer) {
        this.request = request;
        this.sample = sample;
        this.rng = new SplittableRandom(Generator.streamSeed(request.params().seed(), 0, sample));
        this.text = new IncrementalText(tokenizer, request.prompt());
        int longest = 0;
        for (String s : request.params().stop()) {
            longest = Math.max(longest, s.length());
        }
        // Text that could still be the start of a stop string is not shown until it cannot.
        this.holdBack = Math.max(0, longest - 1);
    }

    boolean done() {
        return finish != null || request.cancelled();
    }

    /** Chooses this row's next token from its logits and tells the listener. */
    void step(float[] logits, int offset, int vocab, Set<Long> eosIds, Tokenizer tokenizer) {
        SamplingParams p = request.params();
        TokenSampler.Choice c = request.sampler().choose(logits, offset, vocab, rng);
        List<GeneratedToken.Alternative> top = p.logprobs() > 0
                ? alternatives(logits, offset, vocab, p.logprobs(), tokenizer) : List.of();
        long id = c.token();
        generated++;
        next = id;
        boolean eos = eosIds.contains(id);
        String piece = eos ? "" : text.add(id);
        if (eos || generated == p.maxTokens()) {
            piece += text.flush();
        }
        int before = full.length();
        full.append(piece);
        int cut = stopAt(p.stop(), before);
        int upTo;
        if (cut >= 0) {
            finish = "stop";
            upTo = cut;
        } else if (eos) {
            finish = "stop";
            upTo = full.length();
        } else if (generated == p.maxTokens()) {
            finish = "length";
            upTo = full.length();
        } else {
            upTo = Math.max(released, full.length() - holdBack);
            if (upTo > released && upTo < full.length() && Character.isHighSurrogate(full.charAt(upTo - 1))) {
                upTo--;
            }
        }
        String shown = full.substring(released, Math.max(released, upTo));
        released = Math.max(released, upTo);
        request.listener().token(sample, new GeneratedToken(id, piece, c.logProb(), top, shown));
        if (finish != null) {
            request.listener().finished(sample, finish);
        }
    }

    /** Where the earliest stop string starts, searching text that the latest piece could have completed; or -1. */
    private int stopAt(List<String> stops, int newFrom) {
        int best = -1;
        for (String stop : stops) {
            int at = full.indexOf(stop, Math.max(0, newFrom - stop.length() + 1));
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    private List<GeneratedToken.Alternative> alternatives(float[] logits, int offset, int vocab, int k,
                                                          Tokenizer tokenizer) {
        int[] ids = TokenSampler.topK(logits, offset, vocab, Math.min(k, vocab));
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double logZ = TokenSampler.logNormalizer(logits, offset, vocab, max);
        long prev = text.last();
        String prevText = tokenizer.decode(new long[] {prev}, true);
        List<GeneratedToken.Alternative> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            String both = tokenizer.decode(new long[] {prev, id}, true);
            String t = both.startsWith(prevText) ? both.substring(prevText.length())
                    : tokenizer.decode(new long[] {id}, true);
            out.add(new GeneratedToken.Alternative(id, t, (float) (logits[offset + id] - logZ)));
        }
        out.sort(Comparator.comparingDouble((GeneratedToken.Alternative a) -> -a.logProb())
                .thenComparingLong(GeneratedToken.Alternative::id));
        return out;
    }
}
