package dev.codedpo.models.score;

import ai.djl.ndarray.NDManager;
import dev.codedpo.models.batch.ResponseEncoder;
import dev.codedpo.models.batch.SequenceBatch;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.generate.ForwardPass;
import dev.codedpo.models.generate.Inference;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores responses: the log-probability of each response token given the prompt and the response tokens before it.
 * Rows are batched by {@link SequenceBatch} (the trainers' collator), sorted by length to limit padding.
 *
 * <p>Text is tokenized the way the trainers do ({@link ResponseEncoder}): the prompt with the tokenizer's special
 * tokens (e.g. BOS), the response as the tail of the joint encoding after the prompt's tokens. When the prompt has no
 * tokens, the first response token has nothing to be predicted from and is not scored.
 */
public final class LogProbScorer {
    private final CausalLM model;
    private final Inference inference;
    private final int batchSize;
    private final long padId;

    public LogProbScorer(CausalLM model, int batchSize, long padId) {
        this(new Inference(model), batchSize, padId);
    }

    /** A scorer whose forward passes {@code inference} runs (and whose compiled script it keeps). */
    public LogProbScorer(Inference inference, int batchSize, long padId) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        this.inference = inference;
        this.model = inference.model();
        this.batchSize = batchSize;
        this.padId = padId;
    }

    /** The trainers' tokenization ({@link ResponseEncoder}: the joint rule, no EOS added, no truncation). */
    public static TokenizedRow tokenize(Tokenizer tokenizer, String prompt, String response) {
        return ResponseEncoder.forScoring(tokenizer).encode(prompt, response).row();
    }

    public List<SequenceScore> score(List<TokenizedRow> rows) {
        SequenceScore[] out = new SequenceScore[rows.size()];
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> rows.get(i).length()));
        for (int start = 0; start < order.length; start += batchSize) {
            List<Integer> idx = Arrays.asList(order).subList(start, Math.min(order.length, start + batchSize));
            SequenceScore[] scores = scoreBatch(SequenceBatch.of(idx.stream().map(rows::get).toList(), padId));
            for (int i = 0; i < idx.size(); i++) {
                out[idx.get(i)] = scores[i];
            }
        }
        return Arrays.asList(out);
    }

    private SequenceScore[] scoreBatch(SequenceBatch batch) {
        float[] logProbs = batch.scoredTokens() == 0 ? new float[0] : forward(batch);
        long[] targets = batch.targets();
        SequenceScore[] out = new SequenceScore[batch.rows()];
        int k = 0;
        for (int row = 0; row < out.length; row++) {
            int n = batch.scoredPerRow()[row];
            float[] per = Arrays.copyOfRange(logProbs, k, k + n);
            double sum = 0;
            for (float v : per) {
                sum += v;
            }
            out[row] = new SequenceScore(sum, n == 0 ? 0.0 : sum / n, n, per, Arrays.copyOfRange(targets, k, k + n));
            k += n;
        }
        return out;
    }

    /** Log-probs of the batch's scored tokens; without gradients one TorchScript call does the forward pass. */
    private float[] forward(SequenceBatch batch) {
        try (NDManager step = model.manager().newSubManager();
             ForwardPass pass = inference.forScoring()) {
            return pass.responseLogProbs(batch, step).toFloatArray();
        }
    }
}
