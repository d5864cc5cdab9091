package dev.codedpo.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.codedpo.models.batch.ResponseLogProbs;
import dev.codedpo.models.batch.SequenceBatch;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.train.data.CompletionExample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning: the summed NLL of every completion token of the step's rows divided by the number of
 * those tokens, so that gradient accumulation 4 x 1 gives the gradient of batch 4 (each micro-batch back-propagates
 * its NLL sum over the step's token count).
 */
public final class SftObjective implements Objective<CompletionExample> {
    private final Models models;

    public SftObjective(Models models) {
        this.models = models;
    }

    @Override
    public Map<String, Double> step(List<List<CompletionExample>> microBatches, NDManager step) {
        return run(microBatches, step, true);
    }

    @Override
    public Map<String, Double> evaluate(List<List<CompletionExample>> batches, NDManager step) {
        return run(batches, step, false);
    }

    private Map<String, Double> run(List<List<CompletionExample>> microBatches, NDManager step, boolean train) {
        long total = 0;
        for (List<CompletionExample> micro : microBatches) {
            for (CompletionExample e : micro) {
                total += e.row().scoredTokens();
            }
        }
        double denominator = total;
        double loss = 0;
        for (List<CompletionExample> micro : microBatches) {
            List<TokenizedRow> rows = micro.stream().map(CompletionExample::row).toList();
            SequenceBatch batch = SequenceBatch.of(rows, models.padId());
            loss += Gradients.run(train, step, models.policy(), m -> {
                NDArray perToken = ResponseLogProbs.perToken(models.policy(), batch, m);
                return perToken.sum().neg().div(Scalars.of(m, denominator));
            });
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss);
        return metrics;
    }

    @Override
    public long tokens(List<List<CompletionExample>> microBatches) {
        long n = 0;
        for (List<CompletionExample> micro : microBatches) {
            for (CompletionExample e : micro) {
                n += e.prompt().length + e.completion().length;
            }
        }
        return n;
    }
}
