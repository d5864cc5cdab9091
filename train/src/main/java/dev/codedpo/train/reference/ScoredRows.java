package dev.codedpo.train.reference;

import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.train.Method;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.data.LabeledExample;
import dev.codedpo.train.data.PreferenceExample;
import dev.codedpo.train.loop.RowCursor;
import dev.codedpo.train.method.KtoObjective;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every row a run scores with the reference, in the batches it is precomputed in. DPO: [chosen; rejected] of
 * batch_size pairs, as training stacks them. KTO: each row's own completion in batches of batch_size, and the
 * mismatched rows (prompt i, completion (i - 1) mod b) of every micro-batch the run will form: those depend on which
 * rows share a micro-batch, so the run's row order ({@link RowCursor}, a function of the seed) is replayed for its
 * total steps, and evaluation's fixed consecutive batches are used for eval rows. SFT has no reference.
 */
public final class ScoredRows {
    private ScoredRows() {}

    /** The training rows' batches for a run of {@code totalSteps} optimizer steps. */
    public static List<List<TokenizedRow>> training(Method method, List<?> rows, TrainConfig c, long totalSteps) {
        List<List<Integer>> micro = new ArrayList<>();
        RowCursor cursor = new RowCursor(rows.size(), c.shuffle(), c.seed(), 0);
        for (long k = 0; k < totalSteps * c.gradAccumSteps(); k++) {
            List<Integer> batch = new ArrayList<>(c.batchSize());
            for (int i = 0; i < c.batchSize(); i++) {
                batch.add(cursor.next());
            }
            micro.add(batch);
        }
        return batches(method, rows, c.batchSize(), micro);
    }

    /** The evaluation rows' batches: consecutive slices of batch_size, as evaluation forms them. */
    public static List<List<TokenizedRow>> evaluation(Method method, List<?> rows, int batchSize) {
        List<List<Integer>> micro = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += batchSize) {
            List<Integer> batch = new ArrayList<>();
            for (int j = i; j < Math.min(rows.size(), i + batchSize); j++) {
                batch.add(j);
            }
            micro.add(batch);
        }
        return batches(method, rows, batchSize, micro);
    }

    @SuppressWarnings("unchecked")
    private static List<List<TokenizedRow>> batches(Method method, List<?> rows, int batchSize,
                                                    List<List<Integer>> microBatches) {
        List<List<TokenizedRow>> out = new ArrayList<>();
        switch (method) {
            case DPO -> {
                List<PreferenceExample> pairs = (List<PreferenceExample>) rows;
                for (int i = 0; i < pairs.size(); i += batchSize) {
                    List<PreferenceExample> chunk = pairs.subList(i, Math.min(pairs.size(), i + batchSize));
                    List<TokenizedRow> batch = new ArrayList<>();
                    chunk.forEach(e -> batch.add(e.chosenRow()));
                    chunk.forEach(e -> batch.add(e.rejectedRow()));
                    out.add(batch);
                }
            }
            case KTO -> {
                List<LabeledExample> labeled = (List<LabeledExample>) rows;
                for (int i = 0; i < labeled.size(); i += batchSize) {
                    out.add(labeled.subList(i, Math.min(labeled.size(), i + batchSize)).stream()
                            .map(LabeledExample::row).toList());
                }
                Set<String> seen = new HashSet<>();
                for (List<Integer> micro : microBatches) {
                    List<TokenizedRow> shifted = KtoObjective.mismatched(micro.stream().map(labeled::get).toList());
                    boolean fresh = false;
                    for (TokenizedRow r : shifted) {
                        fresh |= seen.add(RowKey.of(r));
                    }
                    if (fresh) {
                        out.add(shifted);
                    }
                }
            }
            case SFT -> { }
        }
        return out;
    }
}
