package dev.codedpo.data.rank;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How well each ranking orders a task's codes by their real correctness (the paper's ranking ablation): Spearman's
 * correlation between a ranking's code scores and the ground truth (1 = the code passes the task's reference tests,
 * 0 = it does not), averaged over the tasks where the ground truth has both kinds of code. A ranking that gives all
 * codes one score cannot tell them apart and counts as 0 there.
 */
public final class RankingAgreement {
    /** One task: the pass matrix of the model's codes on the model's tests, and each code's real correctness. */
    public record Task(String taskId, PassMatrix links, boolean[] correct) {
        public Task {
            if (correct.length != links.codes()) {
                throw new IllegalArgumentException(taskId + ": " + correct.length + " truth values for "
                        + links.codes() + " codes");
            }
        }
    }

    /** A ranking's mean correlation and the number of tasks it was averaged over. */
    public record Result(RankingKind ranking, double meanSpearman, int tasks) {}

    private RankingAgreement() {}

    public static Map<RankingKind, Result> measure(List<Task> tasks, double damping, int iterations,
                                                   UpdateOrder order, long seed) {
        Map<RankingKind, Result> out = new EnumMap<>(RankingKind.class);
        for (RankingKind kind : RankingKind.values()) {
            Ranker ranker = kind.create(damping, iterations, order);
            double sum = 0;
            int n = 0;
            for (Task t : tasks) {
                double[] truth = new double[t.correct().length];
                boolean any = false;
                boolean all = true;
                for (int i = 0; i < truth.length; i++) {
                    truth[i] = t.correct()[i] ? 1 : 0;
                    any |= t.correct()[i];
                    all &= t.correct()[i];
                }
                if (!any || all || truth.length < 2) {
                    continue;
                }
                // Seeded per task, as the pairs build does, so that the random ranking is reproducible.
                double[] scores = ranker.rank(t.links(), new SplittableRandom(seed ^ t.taskId().hashCode()))
                        .codeScores();
                double rho = Spearman.of(scores, truth);
                sum += Double.isNaN(rho) ? 0 : rho;
                n++;
            }
            out.put(kind, new Result(kind, n == 0 ? Double.NaN : sum / n, n));
        }
        return out;
    }
}
