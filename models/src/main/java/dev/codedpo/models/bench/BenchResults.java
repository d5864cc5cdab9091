package dev.codedpo.models.bench;

import java.util.List;
import java.util.Locale;

/**
 * Everything one benchmark run measured, with a markdown rendering for docs/PERFORMANCE-models.md. Each figure is
 * given twice: from wall-clock time, and from the CPU time of the calling thread. With one intra-op thread
 * (--threads 1) the engine computes on the calling thread, so the CPU-time figure is what the code achieves when it
 * has a core to itself, even on a machine shared with other jobs; with more threads it undercounts the work.
 */
public record BenchResults(String environment, Matmul matmul, List<Train> train, List<Generate> generate) {
    public record Timing(double wallSeconds, double cpuSeconds) {}

    public record Matmul(int n, Timing median, double gflopsWall, double gflopsCpu) {}

    public record Train(String shape, long parameters, int batch, int seqLen, Timing medianStep,
                        double tokensPerSecondWall, double tokensPerSecondCpu, double gflopsWall, double gflopsCpu,
                        double fractionWall, double fractionCpu) {}

    public record Generate(String shape, int batch, boolean cache, int promptTokens, int newTokens, Timing time,
                           double tokensPerSecondWall, double tokensPerSecondCpu) {}

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("Environment: ").append(environment).append("\n\n");
        sb.append(String.format(Locale.ROOT,
                "fp32 matmul ceiling (%dx%d @ %dx%d through DJL): %.1f GFLOP/s wall, %.1f GFLOP/s per CPU-second%n%n",
                matmul.n(), matmul.n(), matmul.n(), matmul.n(), matmul.gflopsWall(), matmul.gflopsCpu()));
        sb.append("| shape | params | batch x seq | step wall / cpu | tokens/s wall / cpu | GFLOP/s wall / cpu "
                + "| of ceiling wall / cpu |\n|---|---|---|---|---|---|---|\n");
        for (Train t : train) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2fM | %d x %d | %.3f / %.3f s | %.0f / %.0f | %.1f / %.1f "
                            + "| %.0f%% / %.0f%% |%n", t.shape(), t.parameters() / 1e6, t.batch(), t.seqLen(),
                    t.medianStep().wallSeconds(), t.medianStep().cpuSeconds(), t.tokensPerSecondWall(),
                    t.tokensPerSecondCpu(), t.gflopsWall(), t.gflopsCpu(), 100 * t.fractionWall(),
                    100 * t.fractionCpu()));
        }
        sb.append("\n| shape | batch | KV cache | prompt + new tokens | time wall / cpu | new tokens/s wall / cpu |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Generate g : generate) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %d + %d | %.2f / %.2f s | %.0f / %.0f |%n",
                    g.shape(), g.batch(), g.cache() ? "yes" : "no", g.promptTokens(), g.newTokens(),
                    g.time().wallSeconds(), g.time().cpuSeconds(), g.tokensPerSecondWall(), g.tokensPerSecondCpu()));
        }
        sb.append("\nRatios (wall / cpu):\n");
        for (Generate g : generate) {
            if (!g.cache()) {
                continue;
            }
            Generate noCache = find(g.shape(), g.batch(), false);
            if (noCache != null) {
                sb.append(String.format(Locale.ROOT, "- %s batch %d: KV cache %.1fx / %.1fx the tokens/s of "
                                + "recomputation%n", g.shape(), g.batch(),
                        g.tokensPerSecondWall() / noCache.tokensPerSecondWall(),
                        g.tokensPerSecondCpu() / noCache.tokensPerSecondCpu()));
            }
            if (g.batch() != 1) {
                Generate one = find(g.shape(), 1, true);
                if (one != null) {
                    sb.append(String.format(Locale.ROOT, "- %s with cache: batch %d gives %.1fx / %.1fx the tokens/s "
                                    + "of batch 1%n", g.shape(), g.batch(),
                            g.tokensPerSecondWall() / one.tokensPerSecondWall(),
                            g.tokensPerSecondCpu() / one.tokensPerSecondCpu()));
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
