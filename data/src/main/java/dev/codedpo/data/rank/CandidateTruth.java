package dev.codedpo.data.rank;

import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.data.generate.CandidateRow;
import dev.codedpo.data.output.ExecutionRow;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.run.EvalJob;
import dev.codedpo.eval.run.SampleResult;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ground truth of generated codes for the ranking ablation: every code of candidates.jsonl run against the
 * reference tests of its task (a suite in HumanEval's layout that the model never saw), with the evaluation harness;
 * then, joined with the pass matrices of the pair build's executions.jsonl, the tasks {@link RankingAgreement}
 * measures.
 */
public final class CandidateTruth {
    private CandidateTruth() {}

    /**
     * @param outDir receives the evaluation's samples-free results (results.jsonl, summary.json)
     * @return per task, whether each code (in candidates order) passes the task's reference tests
     */
    public static Map<String, boolean[]> evaluate(Path candidates, Suite suite, Path outDir, CodeExecutor executor,
                                                  EvalJob.Options options, Consumer<String> log) {
        Map<String, boolean[]> truth = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        new JsonlReader(candidates).forEach(row -> {
            CandidateRow c = Json.MAPPER.convertValue(row.node(), CandidateRow.class);
            truth.put(c.taskId(), new boolean[c.codes().size()]);
            for (int i = 0; i < c.codes().size(); i++) {
                samples.add(new Sample(c.taskId(), i, c.codes().get(i), candidates + ":" + row.line()));
            }
        });
        List<String> missing = truth.keySet().stream()
                .filter(id -> suite.tasks().stream().noneMatch(t -> t.taskId().equals(id))).toList();
        if (!missing.isEmpty()) {
            throw new InputException(candidates + ": task " + missing.get(0) + " is not in the ground-truth suite "
                    + suite.name());
        }
        for (SampleResult r : EvalJob.run(suite, samples, candidates.toString(), outDir, executor, options, log)
                .results()) {
            truth.get(r.taskId())[r.sampleIndex()] = "pass".equals(r.status());
        }
        return truth;
    }

    /** The agreement tasks: each execution row's pass matrix with the truth of the same task's codes. */
    public static List<RankingAgreement.Task> tasks(Path executions, Map<String, boolean[]> truth) {
        List<RankingAgreement.Task> out = new ArrayList<>();
        new JsonlReader(executions).forEach(row -> {
            ExecutionRow e = Json.MAPPER.convertValue(row.node(), ExecutionRow.class);
            boolean[] correct = truth.get(e.taskId());
            if (correct == null) {
                throw row.error("task " + e.taskId() + " has no ground truth");
            }
            if (correct.length != e.nCodes()) {
                throw row.error(e.taskId() + ": " + e.nCodes() + " codes executed, " + correct.length
                        + " in the candidates");
            }
            if (e.nTests() > 0) {
                out.add(new RankingAgreement.Task(e.taskId(), PassMatrix.of(e.matrix()), correct));
            }
        });
        return out;
    }
}
