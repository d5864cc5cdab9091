package dev.codedpo.models.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.KvCache;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Batched autoregressive generation: prompts are left-padded, prefilled in one forward call, then decoded one token
 * per step with a KV cache. Each sample draws from its own random stream derived from (seed, prompt, sample), so
 * results do not depend on the batch size or on the order of prompts.
 */
public final class Generator {
    private final CausalLM model;
    private final Inference inference;
    private final Tokenizer tokenizer;
    private final Set<Long> eosIds;
    private final long padId;

    /** A generator on the {@linkplain InferencePath#configured() configured} path (scripted by default). */
    public Generator(CausalLM model, Tokenizer tokenizer, Set<Long> eosIds) {
        this(new Inference(model), tokenizer, eosIds);
    }

    /** A generator whose forward passes {@code inference} runs (and whose compiled script it keeps). */
    public Generator(Inference inference, Tokenizer tokenizer, Set<Long> eosIds) {
        this.inference = inference;
        this.model = inference.model();
        this.tokenizer = tokenizer;
        this.eosIds = Set.copyOf(eosIds);
        Long pad = tokenizer == null ? null : tokenizer.specialTokens().padId();
        this.padId = pad != null ? pad : eosIds.isEmpty() ? 0 : eosIds.iterator().next();
    }

    public Generator(HfModel hf) {
        this(hf.model(), hf.tokenizer(), hf.eosTokenIds());
    }

    /** The same generator running the forward pass another way: for measuring what each gains, and for parity. */
    public Generator withPath(InferencePath p) {
        return new Generator(new Inference(model, p), tokenizer, eosIds);
    }

    /** The same generator on the parameter path (no script, no fused copies). */
    public Generator unfused() {
        return withPath(InferencePath.PARAMETERS);
    }

    /** Samples for each prompt text (encoded with the tokenizer's special tokens, e.g. BOS): result[i][j]. */
    public List<List<Generation>> generate(List<String> prompts, GenerationConfig config) {
        List<long[]> ids = new ArrayList<>(prompts.size());
        for (String p : prompts) {
            ids.add(tokenizer.encode(p, true));
        }
        return generateTokens(ids, config);
    }

    public List<List<Generation>> generateTokens(List<long[]> prompts, GenerationConfig config) {
        List<long[]> seqPrompts = new ArrayList<>();
        List<SplittableRandom> streams = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length == 0) {
                throw new IllegalArgumentException("prompt " + i + " has no tokens: nothing to condition on "
                        + "(give text, or a tokenizer that adds BOS)");
            }
            for (int j = 0; j < config.n(); j++) {
                seqPrompts.add(prompts.get(i));
                streams.add(new SplittableRandom(streamSeed(config.seed(), i, j)));
            }
        }
        List<Generation> flat = new ArrayList<>(seqPrompts.size());
        // Packed or fused weights are copies for this call only: the parameters may change between calls.
        try (ForwardPass forward = inference.forDecoding()) {
            for (int start = 0; start < seqPrompts.size(); start += config.batchSize()) {
                int end = Math.min(seqPrompts.size(), start + config.batchSize());
                flat.addAll(generateBatch(seqPrompts.subList(start, end), streams.subList(start, end), config,
                        forward));
            }
        }
        List<List<Generation>> out = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            out.add(List.copyOf(flat.subList(i * config.n(), (i + 1) * config.n())));
        }
        return out;
    }

    static long streamSeed(long seed, int prompt, int sample) {
        long h = seed * 0x9E3779B97F4A7C15L + prompt;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + sample;
        return h ^ (h >>> 29);
    }

    private List<Generation> generateBatch(List<long[]> prompts, List<SplittableRandom> rngs, GenerationConfig cfg,
                                           ForwardPass forward) {
        int b = prompts.size();
        int promptLen = 0;
        for (long[] p : prompts) {
            promptLen = Math.max(promptLen, p.length);
        }
        int total = promptLen + cfg.maxNewTokens();
        // Row-major [B, total]: left-padded prompts, then the generated tokens.
        long[] tokens = new long[b * total];
        long[] mask = new long[b * total];
        Arrays.fill(tokens, padId);
        for (int r = 0; r < b; r++) {
            long[] p = prompts.get(r);
            int off = promptLen - p.length;
            for (int j = 0; j < p.length; j++) {
                tokens[r * total + off + j] = p[j];
                mask[r * total + off + j] = 1;
            }
        }
        boolean padded = false;
        for (long[] p : prompts) {
            padded |= p.length != promptLen;
        }
        List<Sequence> seqs = new ArrayList<>(b);
        for (int r = 0; r < b; r++) {
            seqs.add(new Sequence(prompts.get(r), cfg.maxNewTokens()));
        }
        TokenSampler sampler = new TokenSampler(cfg);
        int stopWindow = stopWindow(cfg.stop());
        int vocab = model.config().vocabSize();
        try (NDManager batchManager = model.manager().newSubManager();
             KvCache cache = cfg.useCache() ? model.newCache(batchManager, b, total) : null) {
            int length = promptLen;
            for (int step = 0; step < cfg.maxNewTokens(); step++) {
                float[] logits;
                try (NDManager sm = batchManager.newSubManager()) {
                    int from = cache == null || step == 0 ? 0 : length - 1;
                    NDArray ids = sm.create(columns(tokens, b, total, from, length), new Shape(b, length - from));
                    long[] attn = padded ? columns(mask, b, total, 0, length) : null;
                    NDArray lastLogits = forward.lastLogits(ids, attn, cache);
                    logits = lastLogits.toFloatArray();
                }
                boolean allDone = true;
                for (int r = 0; r < b; r++) {
                    Sequence s = seqs.get(r);
                    long next;
                    if (s.finish == null) {
                        TokenSampler.Choice c = sampler.choose(logits, r * vocab, vocab, rngs.get(r));
                        s.add(c.token(), c.logProb());
                        next = c.token();
                        if (eosIds.contains(next)) {
                            s.finish = "eos";
                        } else if (!cfg.stop().isEmpty() && stopInTail(s, cfg.stop(), stopWindow)
                                && s.cutAtStop(decode(s), cfg.stop())) {
                            s.finish = "stop";
                        }
                    } else {
                        next = padId;
                    }
                    tokens[r * total + length] = next;
                    mask[r * total + length] = 1;
                    allDone &= s.finish != null;
                }
                length++;
                if (allDone) {
                    break;
                }
            }
        }
        List<Generation> out = new ArrayList<>(b);
        for (Sequence s : seqs) {
            String text = s.stopText != null ? s.stopText : decode(s);
            out.add(new Generation(text, s.ids(), s.logProbs(), s.finish == null ? "length" : s.finish));
        }
        return out;
    }

    /**
     * Whether a stop string may have just been completed: looks only at the text of the last tokens, enough of
     * them to hold the longest stop string several times over (a token may decode to a partial character), so that
     * the check costs the same at every step instead of decoding the whole sample again (which made a step of a
     * small model 30 % slower at 256 new tokens). A stop string completed now ends in the newest token's text, since
     * every earlier step was checked. A hit is confirmed on the full text by the caller.
     */
    private boolean stopInTail(Sequence s, List<String> stops, int window) {
        if (tokenizer == null) {
            return false;
        }
        if (s.size + s.prompt.length <= window) {
            return true;
        }
        String text = tokenizer.decode(s.tail(window), true);
        for (String stop : stops) {
            if (text.contains(stop)) {
                return true;
            }
        }
        return false;
    }

    /** Tokens enough to hold the longest stop string several times over (a token may be part of a character). */
    private static int stopWindow(List<String> stops) {
        int longest = 0;
        for (String stop : stops) {
            longest = Math.max(longest, stop.length());
        }
        return 4 * longest + 16;
    }

    /**
     * The new text: decode(prompt + new) minus decode(prompt), so that a word-initial space that a SentencePiece
     * decoder strips at the start of a text is kept (decoding the new tokens alone gives "Lily went" + "to").
     */
    private String decode(Sequence s) {
        if (tokenizer == null) {
            return "";
        }
        long[] ids = s.ids();
        if (s.finish != null && s.finish.equals("eos")) {
            ids = Arrays.copyOf(ids, ids.length - 1);
        }
        if (s.promptText == null) {
            s.promptText = tokenizer.decode(s.prompt, true);
        }
        long[] all = Arrays.copyOf(s.prompt, s.prompt.length + ids.length);
        System.arraycopy(ids, 0, all, s.prompt.length, ids.length);
        String full = tokenizer.decode(all, true);
        return full.startsWith(s.promptText) ? full.substring(s.promptText.length()) : tokenizer.decode(ids, true);
    }

    /** Columns [from, to) of a row-major [rows, width] matrix. */
    private static long[] columns(long[] m, int rows, int width, int from, int to) {
        int w = to - from;
        long[] out = new long[rows * w];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(m, r * width + from, out, r * w, w);
        }
        return out;
    }

    /** A sample being generated. */
    private static final class Sequence {
        private final long[] prompt;
        private final long[] ids;
        private final float[] logProbs;
        private int size;
        String finish;
        String stopText;
        String promptText;

        Sequence(long[] prompt, int capacity) {
            this.prompt = prompt;
            ids = new long[capacity];
            logProbs = new float[capacity];
        }

        void add(long id, float logProb) {
            ids[size] = id;
            logProbs[size] = logProb;
            size++;
        }

        long[] ids() {
            return Arrays.copyOf(ids, size);
        }

        /** The last n tokens of prompt + new tokens (n at most their count). */
        long[] tail(int n) {
            long[] out = new long[n];
            int fromNew = Math.min(n, size);
            int fromPrompt = n - fromNew;
            System.arraycopy(prompt, prompt.length - fromPrompt, out, 0, fromPrompt);
            System.arraycopy(ids, size - fromNew, out, fromPrompt, fromNew);
            return out;
        }

        float[] logProbs() {
            return Arrays.copyOf(logProbs, size);
        }

        /** True when the text contains a stop string; keeps the text before the earliest one. */
        boolean cutAtStop(String text, List<String> stops) {
            int best = -1;
            for (String stop : stops) {
                int at = text.indexOf(stop);
                if (at >= 0 && (best < 0 || at < best)) {
                    best = at;
                }
            }
            if (best < 0) {
                return false;
            }
            stopText = text.substring(0, best);
            return true;
        }
    }
}
