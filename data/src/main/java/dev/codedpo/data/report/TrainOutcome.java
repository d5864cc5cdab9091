package dev.codedpo.data.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the train stage left: its {@code train_summary.json} (read as JSON: the trainer's classes live in a module
 * this one cannot see) and the charts it drew.
 *
 * @param summary the whole summary, or null when training did not finish
 * @param loggedSteps rows in metrics.jsonl
 * @param charts the chart files present in the train folder, in the trainer's order
 */
public record TrainOutcome(JsonNode summary, int loggedSteps, List<String> charts) {
    /** The trainer's chart names (train/report/TrainingCharts), in the order a reader wants them. */
    public static final List<String> CHART_FILES =
            List.of("loss.png", "margins.png", "rewards.png", "accuracies.png", "learning_rate.png");

    public String method() {
        return summary == null ? null : summary.path("method").asText(null);
    }
}
