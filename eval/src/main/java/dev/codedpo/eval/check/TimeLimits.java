package dev.codedpo.eval.check;

/**
 * How long a candidate may take, scaled from the reference solution's own CPU time as EvalPlus does:
 * each input (or test) gets {@code max(minSeconds, factor * referenceSeconds)} of CPU time.
 *
 * <p>Limits are CPU time rather than EvalPlus's wall time, so a verdict does not depend on how busy the machine
 * is; wall-clock limits are only a generous backstop for code that sleeps or blocks.
 *
 * @param factor       EvalPlus's gt_time_limit_factor (default 4.0)
 * @param minSeconds   EvalPlus's min_time_limit (default 4.0 in EvalPlus 0.3; 1.0 in older releases)
 * @param capSeconds   total CPU for one input set, as EvalPlus's 60 s per-task timeout, but never less than twice
 *                     the reference's own total so a correct solution is never cut off on a slow task
 */
public record TimeLimits(double factor, double minSeconds, double capSeconds) {
    public static TimeLimits evalPlusDefaults() {
        return new TimeLimits(4.0, 4.0, 60.0);
    }

    public TimeLimits {
        if (!(factor > 0) || !(minSeconds > 0) || !(capSeconds > 0)) {
            throw new IllegalArgumentException("time limits must be positive");
        }
    }

    public double perItem(double referenceSeconds) {
        return Math.max(minSeconds, factor * referenceSeconds);
    }

    /** CPU budget of one check that runs every item of a set: capped sum of item limits plus harness slack. */
    public double setBudget(double[] referenceSeconds) {
        double limits = 0;
        double reference = 0;
        for (double t : referenceSeconds) {
            limits += perItem(t);
            reference += t;
        }
        // The reference's own time is added once more: outputs too large to cache are recomputed in the check.
        return Math.min(limits, Math.max(capSeconds, 2 * reference)) + reference + 5.0;
    }

    /** Wall-clock backstop for a CPU budget: a fully loaded machine must not turn a pass into a timeout. */
    public static double wallFor(double cpuSeconds) {
        return 3 * cpuSeconds + 10.0;
    }
}
