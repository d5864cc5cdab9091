package dev.codedpo.eval.compare;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The re-timed before/after solutions of one problem.
 *
 * @param beforeSeconds median CPU seconds per round of the before-solution on the problem's inputs
 * @param afterSeconds  same for the after-solution
 * @param speedup       beforeSeconds / afterSeconds (above 1: the after-solution is faster)
 * @param noise         the larger relative spread (max - min) / median of the two solutions' rounds
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProblemSpeedup(String taskId, int beforeSample, int afterSample, double beforeSeconds,
                             double afterSeconds, double speedup, double noise) {
    /** The speed difference is larger than the rounds' own spread. */
    public boolean beyondNoise() {
        return Math.abs(Math.log(speedup)) > Math.log1p(noise);
    }
}
