package dev.codedpo.data.pairing;

import dev.codedpo.data.output.ExecutionRow;
import dev.codedpo.data.output.KtoRow;
import dev.codedpo.data.output.PairRow;
import dev.codedpo.data.output.ScoreRow;
import dev.codedpo.data.output.SftRow;
import dev.codedpo.data.pairs.CodeTiming;
import dev.codedpo.data.pairs.CorrectnessPairSelector;
import dev.codedpo.data.pairs.EfficiencyPairSelector;
import dev.codedpo.data.pairs.IndexPair;
import dev.codedpo.data.rank.PassMatrix;
import dev.codedpo.data.rank.Ranker;
import dev.codedpo.data.rank.Scores;
import dev.codedpo.data.task.CodeTask;
import dev.codedpo.eval.exec.CheckResult;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import dev.codedpo.eval.exec.SandboxLimits;
import dev.codedpo.eval.exec.TimingRequest;
import dev.codedpo.eval.exec.TimingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One task through the CodeDPO stages: execute every code against every test, rank, take correctness pairs, then
 * time the codes that pass the trusted tests and take efficiency pairs. Stateless and thread-safe.
 */
public final class TaskProcessor {
    private final PairsConfig config;
    private final CodeExecutor executor;
    private final SandboxLimits limits;
    private final Ranker ranker;
    private final CorrectnessPairSelector correctness;
    private final EfficiencyPairSelector efficiency;

    public TaskProcessor(PairsConfig config, CodeExecutor executor, SandboxLimits limits) {
        this.config = config;
        this.executor = executor;
        this.limits = limits;
        this.ranker = config.ranker();
        this.correctness = new CorrectnessPairSelector(config.rules());
        this.efficiency = new EfficiencyPairSelector(config.rules());
    }

    public TaskOutcome process(CodeTask task) {
        long start = System.nanoTime();
        int nc = task.codes().size();
        int nt = task.tests().size();
        List<ExecutionResult> results = new ArrayList<>(nc);
        for (String code : task.codes()) {
            results.add(executor.execute(new ExecutionRequest(task.setup(), code, task.tests(), limits)));
        }
        PassMatrix matrix = matrixOf(results, nt);
        Scores scores = ranker.rank(matrix, randomFor(task.taskId()));
        List<IndexPair> correct = correctness.select(scores, task.codes());

        int best = scores.bestCode();
        int[] trusted = trustedTests(matrix, best);
        List<ExecutionRow.TimingRow> timingRows = new ArrayList<>();
        List<IndexPair> fast = List.of();
        Map<Integer, Double> medians = new LinkedHashMap<>();
        if (config.efficiency() && trusted.length > 0) {
            List<CodeTiming> timings = timeCandidates(task, matrix, trusted, timingRows);
            timings.forEach(t -> medians.put(t.code(), t.median()));
            fast = efficiency.select(timings, task.codes());
        }

        List<PairRow> pairs = new ArrayList<>();
        double[] s = scores.codeScores();
        for (IndexPair p : correct) {
            pairs.add(new PairRow(task.trainingPrompt(), task.trainingResponse(p.chosen()),
                    task.trainingResponse(p.rejected()), task.taskId(), PairRow.CORRECTNESS, s[p.chosen()], s[p.rejected()], null, null));
        }
        for (IndexPair p : fast) {
            pairs.add(new PairRow(task.trainingPrompt(), task.trainingResponse(p.chosen()),
                    task.trainingResponse(p.rejected()), task.taskId(), PairRow.EFFICIENCY, s[p.chosen()], s[p.rejected()],
                    medians.get(p.chosen()), medians.get(p.rejected())));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ExecutionRow exec = executionRow(task, results, matrix, trusted, timingRows);
        ScoreRow score = new ScoreRow(task.taskId(), task.contentHash(), config.ranking().label(), s,
                scores.testScores(), scores.codeOrder(), correct.size(), fast.size(), seconds);
        return new TaskOutcome(exec, score, pairs, ktoRows(task, correct, s), sftRows(task, matrix, best, s));
    }

    /** The tests passed by the top-scoring code: CodeDPO's trusted test set for timing. */
    static int[] trustedTests(PassMatrix m, int best) {
        if (best < 0) {
            return new int[0];
        }
        return java.util.stream.IntStream.range(0, m.tests()).filter(t -> m.passes(best, t)).toArray();
    }

    private List<CodeTiming> timeCandidates(CodeTask task, PassMatrix m, int[] trusted,
                                            List<ExecutionRow.TimingRow> rows) {
        List<String> trustedTests = new ArrayList<>();
        for (int t : trusted) {
            trustedTests.add(task.tests().get(t));
        }
        List<CodeTiming> out = new ArrayList<>();
        for (int c = 0; c < m.codes(); c++) {
            if (!passesAll(m, c, trusted)) {
                continue;
            }
            TimingResult r = executor.time(new TimingRequest(task.setup(), task.codes().get(c), trustedTests,
                    config.timingRepeats(), config.timingClock(), limits));
            rows.add(new ExecutionRow.TimingRow(c, r.allPassed(), r.median(), r.rounds()));
            if (r.allPassed()) {
                out.add(new CodeTiming(c, r.median(), r.min(), r.max(), r.rounds()));
            }
        }
        return out;
    }

    private static boolean passesAll(PassMatrix m, int code, int[] tests) {
        for (int t : tests) {
            if (!m.passes(code, t)) {
                return false;
            }
        }
        return true;
    }

    /** Desirable = chosen side of each correctness pair, undesirable = rejected side, each code at most once. */
    private static List<KtoRow> ktoRows(CodeTask task, List<IndexPair> pairs, double[] s) {
        List<KtoRow> good = new ArrayList<>();
        List<KtoRow> bad = new ArrayList<>();
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (IndexPair p : pairs) {
            if (used.add(p.chosen())) {
                good.add(new KtoRow(task.trainingPrompt(), task.trainingResponse(p.chosen()), true, task.taskId(), s[p.chosen()]));
            }
            if (used.add(p.rejected())) {
                bad.add(new KtoRow(task.trainingPrompt(), task.trainingResponse(p.rejected()), false, task.taskId(),
                        s[p.rejected()]));
            }
        }
        good.addAll(bad);
        return good;
    }

    /**
     * The best code, when the ranking gives it a positive score and it passes at least one test (under the all-tests
     * filter, for instance, a task where no code passes everything has no SFT target).
     */
    private static List<SftRow> sftRows(CodeTask task, PassMatrix m, int best, double[] s) {
        if (best < 0 || s[best] <= 0 || m.passedBy(best) == 0) {
            return List.of();
        }
        return List.of(new SftRow(task.trainingPrompt(), task.trainingResponse(best), task.taskId(), s[best]));
    }

    private static PassMatrix matrixOf(List<ExecutionResult> results, int nt) {
        boolean[][] b = new boolean[results.size()][];
        for (int c = 0; c < b.length; c++) {
            boolean[] v = results.get(c).passVector();
            if (v.length != nt) {
                throw new IllegalStateException("executor returned " + v.length + " checks for " + nt + " tests");
            }
            b[c] = v;
        }
        return new PassMatrix(b);
    }

    /** Seeded per task, so a ranking that uses randomness gives the same answer in any processing order. */
    private SplittableRandom randomFor(String taskId) {
        return new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L ^ (long) taskId.hashCode() * 0xC2B2AE3D27D4EB4FL);
    }

    private static ExecutionRow executionRow(CodeTask task, List<ExecutionResult> results, PassMatrix m,
                                             int[] trusted, List<ExecutionRow.TimingRow> timings) {
        int nc = results.size();
        int nt = task.tests().size();
        String[][] status = new String[nc][nt];
        String[][] exception = new String[nc][nt];
        double[][] cpu = new double[nc][nt];
        String[] codeStatus = new String[nc];
        for (int c = 0; c < nc; c++) {
            ExecutionResult r = results.get(c);
            codeStatus[c] = r.codeStatus().label();
            for (int t = 0; t < nt; t++) {
                CheckResult check = r.checks().get(t);
                status[c][t] = check.status().label();
                exception[c][t] = check.exceptionType();
                cpu[c][t] = check.cpuSeconds();
            }
        }
        return new ExecutionRow(task.taskId(), nc, nt, m.toInts(), status, exception, cpu, codeStatus, trusted,
                timings);
    }
}
