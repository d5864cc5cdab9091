package dev.codedpo.train.reference;

import dev.codedpo.models.batch.TokenizedRow;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reference log-probabilities computed before training, looked up by row content ({@link RowKey}). */
public final class ReferenceLogps {
    private final Map<String, Double> byRow;

    ReferenceLogps(Map<String, Double> byRow) {
        this.byRow = byRow;
    }

    /** Scores every row of {@code batches} with {@code scorer}, batch by batch. */
    public static ReferenceLogps compute(List<List<TokenizedRow>> batches,
                                         java.util.function.Function<List<TokenizedRow>, double[]> scorer) {
        return compute(batches, scorer, dev.codedpo.core.progress.Progress.NONE);
    }

    static ReferenceLogps compute(List<List<TokenizedRow>> batches,
                                  java.util.function.Function<List<TokenizedRow>, double[]> scorer,
                                  dev.codedpo.core.progress.Progress progress) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (List<TokenizedRow> batch : batches) {
            double[] v = scorer.apply(batch);
            for (int i = 0; i < v.length; i++) {
                values.put(RowKey.of(batch.get(i)), v[i]);
            }
            progress.step(batch.size());
        }
        return new ReferenceLogps(values);
    }

    /** The values of every row of {@code parts}, merged (training and evaluation rows in one lookup). */
    public static ReferenceLogps merge(List<ReferenceLogps> parts) {
        Map<String, Double> all = new LinkedHashMap<>();
        parts.forEach(p -> all.putAll(p.byRow));
        return new ReferenceLogps(all);
    }

    /** The cached summed reference log-probs of {@code rows}, in order. */
    public double[] of(List<TokenizedRow> rows) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = byRow.get(RowKey.of(rows.get(i)));
            if (v == null) {
                // The precomputation enumerates every row the run scores; a miss is a bug, never a silent fallback.
                throw new IllegalStateException("no precomputed reference log-prob for a row of " + rows.get(i).length()
                        + " tokens; delete the ref-logps file to recompute it");
            }
            out[i] = v;
        }
        return out;
    }

    public int size() {
        return byRow.size();
    }

    Map<String, Double> values() {
        return Collections.unmodifiableMap(byRow);
    }
}
