package dev.codedpo.models.bench;

import java.util.List;
import java.util.Locale;

/** Everything one benchmark run measured, with a markdown rendering for docs/PERFORMANCE-models.md. */
public record BenchResults(String environment, Matmul matmul, List<Train> train, List<Generate> generate) {
    public record Matmul(int n, double medianSeconds, double gflops) {}

    public record Train(String shape, long parameters, int batch, int seqLen, double medianStepSeconds,
                        double tokensPerSecond, double gflops, double fractionOfCeiling) {}

    public record Generate(String shape, int batch, boolean cache, int promptTokens, int newTokens, double seconds,
                           double tokensPerSecond) {}

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("Environment: ").append(environment).append("\n\n");
        sb.append(String.format(Locale.ROOT, "fp32 matmul ceiling (%dx%d @ %dx%d through DJL): %.1f GFLOP/s%n%n",
                matmul.n(), matmul.n(), matmul.n(), matmul.n(), matmul.gflops()));
        sb.append("| shape | params | batch x seq | step (median) | tokens/s | GFLOP/s | of ceiling |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Train t : train) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2fM | %d x %d | %.3f s | %.0f | %.1f | %.0f%% |%n",
                    t.shape(), t.parameters() / 1e6, t.batch(), t.seqLen(), t.medianStepSeconds(),
                    t.tokensPerSecond(), t.gflops(), 100 * t.fractionOfCeiling()));
        }
        sb.append("\n| shape | batch | KV cache | prompt + new tokens | time | new tokens/s |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Generate g : generate) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %d + %d | %.2f s | %.0f |%n", g.shape(), g.batch(),
                    g.cache() ? "yes" : "no", g.promptTokens(), g.newTokens(), g.seconds(), g.tokensPerSecond()));
        }
        sb.append("\nRatios:\n");
        for (Generate g : generate) {
            if (!g.cache()) {
                continue;
            }
            Generate noCache = find(g.shape(), g.batch(), false);
            if (noCache != null) {
                sb.append(String.format(Locale.ROOT, "- %s batch %d: KV cache %.1fx faster than recomputation%n",
                        g.shape(), g.batch(), g.tokensPerSecond() / noCache.tokensPerSecond()));
            }
            if (g.batch() != 1) {
                Generate one = find(g.shape(), 1, true);
                if (one != null) {
                    sb.append(String.format(Locale.ROOT, "- %s with cache: batch %d gives %.1fx the tokens/s of "
                            + "batch 1%n", g.shape(), g.batch(), g.tokensPerSecond() / one.tokensPerSecond()));
                }
            }
        }
        return sb.toString();
    }

    private Generate find(String shape, int batch, boolean cache) {
        for (Generate g : generate) {
            if (g.shape().equals(shape) && g.batch() == batch && g.cache() == cache) {
                return g;
            }
        }
        return null;
    }
}
