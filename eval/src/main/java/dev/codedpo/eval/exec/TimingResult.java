package dev.codedpo.eval.exec;

/**
 * @param allPassed     every test passed in every round (otherwise the timings are not comparable)
 * @param roundSeconds  CPU seconds spent in the tests, one entry per round
 */
public record TimingResult(boolean allPassed, double[] roundSeconds) {
    public double median() {
        double[] s = roundSeconds.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
    }

    public double min() {
        return java.util.Arrays.stream(roundSeconds).min().orElse(Double.NaN);
    }

    public double max() {
        return java.util.Arrays.stream(roundSeconds).max().orElse(Double.NaN);
    }
}
