package dev.codedpo.train.loop;

import java.util.SplittableRandom;

/**
 * Which training row comes next. Row r (0-based, counted over the whole run) is row r mod n of epoch r / n: in file
 * order without shuffling, else through a permutation of the file drawn for that epoch from the seed alone, so that
 * a resumed run, knowing only r, continues exactly where the interrupted one was.
 */
public final class RowCursor {
    private final int rows;
    private final boolean shuffle;
    private final long seed;
    private long consumed;
    private long permutationEpoch = -1;
    private int[] permutation;

    public RowCursor(int rows, boolean shuffle, long seed, long consumed) {
        if (rows < 1) {
            throw new IllegalArgumentException("no training rows");
        }
        this.rows = rows;
        this.shuffle = shuffle;
        this.seed = seed;
        this.consumed = consumed;
    }

    public int next() {
        long epoch = consumed / rows;
        int within = (int) (consumed % rows);
        consumed++;
        if (!shuffle) {
            return within;
        }
        if (epoch != permutationEpoch) {
            permutation = permutation(epoch);
            permutationEpoch = epoch;
        }
        return permutation[within];
    }

    /** Rows handed out so far. */
    public long consumed() {
        return consumed;
    }

    /** Epochs completed, fractional: rows consumed / rows in the file. */
    public double epoch() {
        return (double) consumed / rows;
    }

    private int[] permutation(long epoch) {
        int[] p = new int[rows];
        for (int i = 0; i < rows; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = rows - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
