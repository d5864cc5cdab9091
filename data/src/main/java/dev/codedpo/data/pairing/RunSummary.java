package dev.codedpo.data.pairing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.data.task.TaskFileReader;
import java.util.List;
import java.util.Map;

/**
 * summary.json of a pair build: counts over every task in the directory, resumed runs included.
 *
 * @param tasksRecomputed finished tasks of an earlier run that ran again because their input changed (they are part
 *                        of {@code tasksThisRun}); {@code recomputed} lists their ids (the first 100)
 */
public record RunSummary(
        @JsonProperty("tasks") int tasks,
        @JsonProperty("tasks_this_run") int tasksThisRun,
        @JsonProperty("tasks_recomputed") int tasksRecomputed,
        @JsonProperty("recomputed") List<String> recomputed,
        @JsonProperty("skipped_rows") int skippedRows,
        @JsonProperty("skipped") List<TaskFileReader.Skipped> skipped,
        @JsonProperty("codes") long codes,
        @JsonProperty("tests") long tests,
        @JsonProperty("checks") long checks,
        @JsonProperty("check_status") Map<String, Long> checkStatus,
        @JsonProperty("code_pass_rate_histogram") Histogram codePassRates,
        @JsonProperty("test_pass_rate_histogram") Histogram testPassRates,
        @JsonProperty("tasks_with_correctness_pair") int tasksWithCorrectnessPair,
        @JsonProperty("correctness_pairs") long correctnessPairs,
        @JsonProperty("efficiency_pairs") long efficiencyPairs,
        @JsonProperty("kto_desirable") long ktoDesirable,
        @JsonProperty("kto_undesirable") long ktoUndesirable,
        @JsonProperty("sft_examples") long sftExamples,
        @JsonProperty("seconds_this_run") double secondsThisRun,
        @JsonProperty("task_seconds_total") double taskSecondsTotal,
        @JsonProperty("checks_per_second_this_run") double checksPerSecondThisRun,
        @JsonProperty("sandbox") Map<String, Object> sandbox,
        @JsonProperty("config") PairsConfig config) {

    /** Ten equal bins over [0, 1]; a rate of exactly 1 falls in the last bin. */
    public record Histogram(@JsonProperty("edges") double[] edges, @JsonProperty("counts") long[] counts) {
        public static Histogram empty() {
            double[] edges = new double[11];
            for (int i = 0; i <= 10; i++) {
                edges[i] = i / 10.0;
            }
            return new Histogram(edges, new long[10]);
        }

        public void add(double rate) {
            counts[Math.min(9, (int) Math.floor(rate * 10))]++;
        }
    }
}
