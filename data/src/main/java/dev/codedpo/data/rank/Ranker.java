package dev.codedpo.data.rank;

import java.util.random.RandomGenerator;

/** A way of scoring codes (and tests) from the execution matrix alone, without trusted ground truth. */
public interface Ranker {
    /**
     * @param random used only by rankings that are random by design; seeded per task by the caller so that results
     *               do not depend on processing order
     */
    Scores rank(PassMatrix links, RandomGenerator random);
}
