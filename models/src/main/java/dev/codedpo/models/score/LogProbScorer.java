package dev.codedpo.models.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.codedpo.models.batch.ResponseEncoder;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.generate.InferencePath;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.ScriptedDecoder;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores responses: the log-probability of each response token given the prompt and the response tokens before it.
 * Rows are batched (sorted by length to limit padding) with right padding; prompt and padding positions are masked.
 *
 * <p>Text is tokenized the way the trainers do ({@link ResponseEncoder}): the prompt with the tokenizer's special
 * tokens (e.g. BOS), the response as the tail of the joint encoding after the prompt's tokens. When the prompt has no tokens, the first response token has nothing to be
 * predicted from and is not scored.
 */
public final class LogProbScorer {
    /** A tokenized (prompt, response) pair. */
    public record Request(long[] prompt, long[] response) {}

    private final CausalLM model;
    private final int batchSize;
    private final long padId;

    public LogProbScorer(CausalLM model, int batchSize, long padId) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        this.model = model;
        this.batchSize = batchSize;
        this.padId = padId;
    }

    /** The trainers' tokenization ({@link ResponseEncoder}: the joint rule, no EOS added, no truncation). */
    public static Request tokenize(Tokenizer tokenizer, String prompt, String response) {
        TokenizedRow row = ResponseEncoder.forScoring(tokenizer).encode(prompt, response).row();
        return new Request(row.prompt(), row.response());
    }

    public List<SequenceScore> score(List<Request> requests) {
        SequenceScore[] out = new SequenceScore[requests.size()];
        Integer[] order = new Integer[requests.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> length(requests.get(i))));
        for (int start = 0; start < order.length; start += batchSize) {
            List<Integer> idx = Arrays.asList(order).subList(start, Math.min(order.length, start + batchSize));
            List<SequenceScore> scores = scoreBatch(idx.stream().map(requests::get).toList());
            for (int i = 0; i < idx.size(); i++) {
                out[idx.get(i)] = scores.get(i);
            }
        }
        return Arrays.asList(out);
    }

    private static int length(Request r) {
        return r.prompt().length + r.response().length;
    }

    private List<SequenceScore> scoreBatch(List<Request> batch) {
        int b = batch.size();
        int t = 1;
        for (Request r : batch) {
            t = Math.max(t, length(r) - 1);
        }
        long[] inputs = new long[b * t];
        long[] targets = new long[b * t];
        long[] mask = new long[b * t];
        Arrays.fill(inputs, padId);
        Arrays.fill(targets, padId);
        for (int row = 0; row < b; row++) {
            long[] full = concat(batch.get(row));
            for (int j = 0; j + 1 < full.length; j++) {
                inputs[row * t + j] = full[j];
                targets[row * t + j] = full[j + 1];
                mask[row * t + j] = 1;
            }
        }
        float[] logProbs;
        ScriptedDecoder script = InferencePath.configured() == InferencePath.SCRIPTED ? model.scripted() : null;
        try (NDManager step = model.manager().newSubManager();
             ScriptedDecoder.Session session = script != null ? script.open(false) : null) {
            NDArray ids = step.create(inputs, new Shape(b, t));
            // Without gradients (reference log-probs, the logprobs job) one TorchScript call does the forward pass.
            NDArray logits = null;
            if (session != null) {
                try {
                    logits = session.logits(ids, mask, null);
                } catch (RuntimeException e) {
                    model.disableScript(e);
                }
            }
            if (logits == null) {
                logits = model.forward(ids, step.create(mask, new Shape(b, t)), null);
            }
            logProbs = TokenLogProbs.of(logits, step.create(targets, new Shape(b, t))).toFloatArray();
        }
        List<SequenceScore> out = new ArrayList<>(b);
        for (int row = 0; row < b; row++) {
            Request r = batch.get(row);
            int p = r.prompt().length;
            int first = Math.max(0, p - 1);
            int last = length(r) - 2;
            int n = Math.max(0, last - first + 1);
            float[] per = new float[n];
            long[] tok = new long[n];
            double sum = 0;
            long[] full = concat(r);
            for (int j = first, k = 0; j <= last; j++, k++) {
                per[k] = logProbs[row * t + j];
                tok[k] = full[j + 1];
                sum += per[k];
            }
            out.add(new SequenceScore(sum, n == 0 ? 0.0 : sum / n, n, per, tok));
        }
        return out;
    }

    private static long[] concat(Request r) {
        long[] full = Arrays.copyOf(r.prompt(), r.prompt().length + r.response().length);
        System.arraycopy(r.response(), 0, full, r.prompt().length, r.response().length);
        return full;
    }
}
