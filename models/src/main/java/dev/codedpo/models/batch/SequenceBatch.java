package dev.codedpo.models.batch;

import java.util.Arrays;
import java.util.List;

/**
 * Rows of prompt + response tokens, right padded into one [B, T] input, with where each scored response token is
 * predicted from. Right padding needs no attention mask: a causal model never lets a real token see the padding
 * after it, and positions count from 0 in every row. The last token of a row is never an input (nothing predicts
 * past it), so T = longest row - 1.
 *
 * <p>Scored tokens are listed row by row: {@link #predictorIndex()} is the flat index b * T + t of the position whose
 * logits predict {@link #targets()}, {@link #rowOf()} the row each belongs to. With an empty prompt the first response
 * token is not scored (nothing precedes it).
 */
public final class SequenceBatch {
    private final int rows;
    private final int width;
    private final long[] inputIds;
    private final long[] predictorIndex;
    private final long[] targets;
    private final int[] rowOf;
    private final int[] scoredPerRow;

    private SequenceBatch(int rows, int width, long[] inputIds, long[] predictorIndex, long[] targets, int[] rowOf,
                          int[] scoredPerRow) {
        this.rows = rows;
        this.width = width;
        this.inputIds = inputIds;
        this.predictorIndex = predictorIndex;
        this.targets = targets;
        this.rowOf = rowOf;
        this.scoredPerRow = scoredPerRow;
    }

    public static SequenceBatch of(List<TokenizedRow> batch, long padId) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int b = batch.size();
        int t = 1;
        int scored = 0;
        for (TokenizedRow r : batch) {
            t = Math.max(t, r.length() - 1);
            scored += r.scoredTokens();
        }
        long[] ids = new long[b * t];
        Arrays.fill(ids, padId);
        long[] index = new long[scored];
        long[] targets = new long[scored];
        int[] rowOf = new int[scored];
        int[] perRow = new int[b];
        int k = 0;
        for (int row = 0; row < b; row++) {
            TokenizedRow r = batch.get(row);
            long[] full = Arrays.copyOf(r.prompt(), r.length());
            System.arraycopy(r.response(), 0, full, r.prompt().length, r.response().length);
            System.arraycopy(full, 0, ids, row * t, full.length - 1);
            for (int j = Math.max(1, r.prompt().length); j < full.length; j++) {
                index[k] = (long) row * t + j - 1;
                targets[k] = full[j];
                rowOf[k] = row;
                k++;
            }
            perRow[row] = r.scoredTokens();
        }
        return new SequenceBatch(b, t, ids, index, targets, rowOf, perRow);
    }

    public int rows() {
        return rows;
    }

    public int width() {
        return width;
    }

    /** Row-major [rows, width] input ids. */
    public long[] inputIds() {
        return inputIds;
    }

    public long[] predictorIndex() {
        return predictorIndex;
    }

    public long[] targets() {
        return targets;
    }

    public int[] rowOf() {
        return rowOf;
    }

    /** Scored tokens of each row. */
    public int[] scoredPerRow() {
        return scoredPerRow;
    }

    public int scoredTokens() {
        return targets.length;
    }
}
