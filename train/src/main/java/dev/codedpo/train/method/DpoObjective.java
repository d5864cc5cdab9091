package dev.codedpo.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import dev.codedpo.models.batch.ResponseLogProbs;
import dev.codedpo.models.batch.SequenceBatch;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.train.LossType;
import dev.codedpo.train.data.PreferenceExample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DPO family. With log-probabilities summed over response tokens, h = (pi_c - ref_c) - (pi_r - ref_r):
 * sigmoid -log sigmoid(beta h) (with label smoothing eps: (1 - eps)(-log sigmoid(beta h)) + eps(-log sigmoid(-beta h)));
 * robust ((1 - eps)(-log sigmoid(beta h)) + eps log sigmoid(-beta h)) / (1 - 2 eps); hinge max(0, 1 - beta h);
 * ipo (h' - 1/(2 beta))^2 where each side's log-ratio is divided by its token count. The loss is the mean over a
 * micro-batch; a step's loss is the mean of its micro-batch losses (each back-propagated divided by their number).
 * {@code rpo_alpha > 0} adds rpo_alpha times the NLL averaged over all chosen response tokens of the micro-batch.
 * Chosen and rejected rows go through one forward pass, stacked as [chosen rows; rejected rows].
 */
public final class DpoObjective implements Objective<PreferenceExample> {
    private final Models models;
    private final LossType type;
    private final double beta;
    private final double labelSmoothing;
    private final double rpoAlpha;

    public DpoObjective(Models models, LossType type, double beta, double labelSmoothing, double rpoAlpha) {
        this.models = models;
        this.type = type;
        this.beta = beta;
        this.labelSmoothing = labelSmoothing;
        this.rpoAlpha = rpoAlpha;
    }

    @Override
    public Map<String, Double> step(List<List<PreferenceExample>> microBatches, NDManager step) {
        return run(microBatches, step, true);
    }

    @Override
    public Map<String, Double> evaluate(List<List<PreferenceExample>> batches, NDManager step) {
        return run(batches, step, false);
    }

    private Map<String, Double> run(List<List<PreferenceExample>> microBatches, NDManager step, boolean train) {
        double loss = 0;
        List<Double> chosenRewards = new ArrayList<>();
        List<Double> rejectedRewards = new ArrayList<>();
        List<Double> chosenLogps = new ArrayList<>();
        List<Double> rejectedLogps = new ArrayList<>();
        for (List<PreferenceExample> micro : microBatches) {
            int b = micro.size();
            List<TokenizedRow> rows = new ArrayList<>(2 * b);
            micro.forEach(e -> rows.add(e.chosenRow()));
            micro.forEach(e -> rows.add(e.rejectedRow()));
            double[] ref = models.referenceScores(rows);
            SequenceBatch batch = SequenceBatch.of(rows, models.padId());
            double[][] policy = new double[1][];
            loss += Gradients.run(train, step, models.policy(), m -> {
                NDArray pol = ResponseLogProbs.of(models.policy(), batch, m);
                policy[0] = Scalars.values(pol);
                NDArray microLoss = microLoss(pol, ref, batch, b, m);
                return microLoss.mul(Scalars.of(m, 1.0 / microBatches.size()));
            });
            for (int i = 0; i < b; i++) {
                chosenRewards.add(beta * (policy[0][i] - ref[i]));
                rejectedRewards.add(beta * (policy[0][b + i] - ref[b + i]));
                chosenLogps.add(policy[0][i]);
                rejectedLogps.add(policy[0][b + i]);
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss);
        double accuracy = 0;
        double margin = 0;
        for (int i = 0; i < chosenRewards.size(); i++) {
            accuracy += chosenRewards.get(i) > rejectedRewards.get(i) ? 1 : 0;
            margin += chosenRewards.get(i) - rejectedRewards.get(i);
        }
        int n = chosenRewards.size();
        metrics.put("rewards/chosen", mean(chosenRewards));
        metrics.put("rewards/rejected", mean(rejectedRewards));
        metrics.put("rewards/margins", margin / n);
        metrics.put("rewards/accuracies", accuracy / n);
        metrics.put("logps/chosen", mean(chosenLogps));
        metrics.put("logps/rejected", mean(rejectedLogps));
        return metrics;
    }

    /** The mean loss over one micro-batch from the policy's summed log-probs [2b] (chosen first). */
    private NDArray microLoss(NDArray pol, double[] ref, SequenceBatch batch, int b, NDManager m) {
        NDArray piC = pol.get(new NDIndex("0:{}", b));
        NDArray piR = pol.get(new NDIndex("{}:", b));
        double[] refC = new double[b];
        double[] refR = new double[b];
        double[] countC = new double[b];
        double[] countR = new double[b];
        int[] counts = batch.scoredPerRow();
        long chosenTokens = 0;
        for (int i = 0; i < b; i++) {
            refC[i] = ref[i];
            refR[i] = ref[b + i];
            countC[i] = counts[i];
            countR[i] = counts[b + i];
            chosenTokens += counts[i];
        }
        NDArray ratioC = piC.sub(Scalars.vector(m, refC));
        NDArray ratioR = piR.sub(Scalars.vector(m, refR));
        NDArray losses;
        if (type == LossType.IPO) {
            NDArray h = ratioC.div(Scalars.vector(m, countC)).sub(ratioR.div(Scalars.vector(m, countR)));
            losses = h.sub(Scalars.of(m, 1 / (2 * beta))).square();
        } else {
            NDArray z = ratioC.sub(ratioR).mul(Scalars.of(m, beta));
            losses = switch (type) {
                case SIGMOID -> smoothed(z, m, false);
                case ROBUST -> smoothed(z, m, true);
                case HINGE -> Activation.relu(Scalars.of(m, 1).sub(z));
                case IPO -> throw new AssertionError();
            };
        }
        NDArray loss = losses.mean();
        if (rpoAlpha > 0) {
            NDArray nll = piC.sum().neg().div(Scalars.of(m, chosenTokens));
            loss = loss.add(nll.mul(Scalars.of(m, rpoAlpha)));
        }
        return loss;
    }

    /**
     * -log sigmoid(z) = softplus(-z), smoothed: (1 - eps) softplus(-z) + eps softplus(z) (cDPO), or the robust form
     * ((1 - eps) softplus(-z) - eps softplus(z)) / (1 - 2 eps).
     */
    private NDArray smoothed(NDArray z, NDManager m, boolean robust) {
        NDArray towards = Activation.softPlus(z.neg());
        if (labelSmoothing == 0) {
            return towards;
        }
        NDArray away = Activation.softPlus(z);
        NDArray kept = towards.mul(Scalars.of(m, 1 - labelSmoothing));
        if (robust) {
            return kept.sub(away.mul(Scalars.of(m, labelSmoothing))).div(Scalars.of(m, 1 - 2 * labelSmoothing));
        }
        return kept.add(away.mul(Scalars.of(m, labelSmoothing)));
    }

    @Override
    public long tokens(List<List<PreferenceExample>> microBatches) {
        long n = 0;
        for (List<PreferenceExample> micro : microBatches) {
            for (PreferenceExample e : micro) {
                n += 2L * e.prompt().length + e.chosen().length + e.rejected().length;
            }
        }
        return n;
    }

    static double mean(List<Double> values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return values.isEmpty() ? Double.NaN : s / values.size();
    }
}
