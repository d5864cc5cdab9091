package dev.codedpo.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.codedpo.models.batch.ResponseLogProbs;
import dev.codedpo.models.batch.SequenceBatch;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.train.data.LabeledExample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KTO as TRL computes it. The KL baseline of a micro-batch of b rows comes from mismatched pairs: prompt i scored
 * with completion (i - 1) mod b (the rotation by one; a single row pairs with itself); kl = max(0, mean(policy -
 * reference)) over those, without gradient. With r = policy - reference summed log-probs of a row's own completion,
 * a desirable row costs w_d (1 - sigmoid(beta (r - kl))) and an undesirable one w_u (1 - sigmoid(beta (kl - r))); the
 * micro-batch loss is the mean over its rows, and a step's loss the mean of its micro-batch losses.
 */
public final class KtoObjective implements Objective<LabeledExample> {
    private final Models models;
    private final double beta;
    private final double desirableWeight;
    private final double undesirableWeight;

    public KtoObjective(Models models, double beta, double desirableWeight, double undesirableWeight) {
        this.models = models;
        this.beta = beta;
        this.desirableWeight = desirableWeight;
        this.undesirableWeight = undesirableWeight;
    }

    /** Prompt i with completion (i - 1) mod b: the rows the KL baseline is estimated from. */
    public static List<TokenizedRow> mismatched(List<LabeledExample> micro) {
        int b = micro.size();
        List<TokenizedRow> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            out.add(new TokenizedRow(micro.get(i).prompt(), micro.get(Math.floorMod(i - 1, b)).completion()));
        }
        return out;
    }

    @Override
    public Map<String, Double> step(List<List<LabeledExample>> microBatches, NDManager step) {
        return run(microBatches, step, true);
    }

    @Override
    public Map<String, Double> evaluate(List<List<LabeledExample>> batches, NDManager step) {
        return run(batches, step, false);
    }

    private Map<String, Double> run(List<List<LabeledExample>> microBatches, NDManager step, boolean train) {
        double loss = 0;
        double klSum = 0;
        List<Double> chosen = new ArrayList<>();
        List<Double> rejected = new ArrayList<>();
        for (List<LabeledExample> micro : microBatches) {
            int b = micro.size();
            List<TokenizedRow> own = micro.stream().map(LabeledExample::row).toList();
            List<TokenizedRow> shifted = mismatched(micro);
            double[] refOwn = models.referenceScores(own);
            double[] refShifted = models.referenceScores(shifted);
            double[] polShifted = models.policyScores(shifted);
            double klMean = 0;
            for (int i = 0; i < b; i++) {
                klMean += (polShifted[i] - refShifted[i]) / b;
            }
            double kl = Math.max(0, klMean);
            klSum += kl;
            double[] sign = new double[b];
            double[] weight = new double[b];
            for (int i = 0; i < b; i++) {
                boolean good = micro.get(i).desirable();
                sign[i] = good ? beta : -beta;
                weight[i] = good ? desirableWeight : undesirableWeight;
            }
            SequenceBatch batch = SequenceBatch.of(own, models.padId());
            double[][] policy = new double[1][];
            loss += Gradients.run(train, step, models.policy(), m -> {
                NDArray pol = ResponseLogProbs.of(models.policy(), batch, m);
                policy[0] = Scalars.values(pol);
                NDArray r = pol.sub(Scalars.vector(m, refOwn));
                NDArray z = r.sub(Scalars.of(m, kl)).mul(Scalars.vector(m, sign));
                NDArray losses = Scalars.of(m, 1).sub(Activation.sigmoid(z)).mul(Scalars.vector(m, weight));
                return losses.mean().mul(Scalars.of(m, 1.0 / microBatches.size()));
            });
            for (int i = 0; i < b; i++) {
                double reward = beta * (policy[0][i] - refOwn[i]);
                (micro.get(i).desirable() ? chosen : rejected).add(reward);
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss);
        metrics.put("rewards/chosen", chosen.isEmpty() ? null : DpoObjective.mean(chosen));
        metrics.put("rewards/rejected", rejected.isEmpty() ? null : DpoObjective.mean(rejected));
        metrics.put("kl", klSum / microBatches.size());
        return metrics;
    }

    @Override
    public long tokens(List<List<LabeledExample>> microBatches) {
        long n = 0;
        for (List<LabeledExample> micro : microBatches) {
            for (LabeledExample e : micro) {
                n += 2L * (e.prompt().length + e.completion().length);
            }
        }
        return n;
    }
}
