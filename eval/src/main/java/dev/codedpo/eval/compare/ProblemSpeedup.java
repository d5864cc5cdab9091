package dev.codedpo.eval.compare;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The re-timed before/after solutions of one problem.
 *
 * @param beforeTime median per round of the before-solution on the problem's inputs, by the comparison's clock
 * @param afterTime  same for the after-solution
 * @param speedup    beforeTime / afterTime (above 1: the after-solution is faster)
 * @param noise      the larger relative spread (max - min) / median of the two solutions' rounds
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProblemSpeedup(String taskId, int beforeSample, int afterSample, double beforeTime,
                             double afterTime, double speedup, double noise) {
    /** The speed difference is larger than the rounds' own spread. */
    public boolean beyondNoise() {
        return Math.abs(Math.log(speedup)) > Math.log1p(noise);
    }
}
