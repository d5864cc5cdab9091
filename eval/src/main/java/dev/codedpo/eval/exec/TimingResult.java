package dev.codedpo.eval.exec;

/**
 * @param allPassed every test passed in every round (otherwise the timings are not comparable)
 * @param rounds    what the request's clock measured in the tests (CPU seconds or opcodes), one entry per round
 */
public record TimingResult(boolean allPassed, double[] rounds) {
    public double median() {
        double[] s = rounds.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
    }

    public double min() {
        return java.util.Arrays.stream(rounds).min().orElse(Double.NaN);
    }

    public double max() {
        return java.util.Arrays.stream(rounds).max().orElse(Double.NaN);
    }
}
