package dev.codedpo.data.rank;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.data.generate.CandidateRow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many of a pair build's correctness pairs agree with the ground truth: the chosen code really right and the
 * rejected one really wrong is what DPO should learn from; both wrong, both right or inverted pairs teach nothing or
 * the opposite. Pairs are matched to their codes by their training response (the raw completion when the candidates
 * carry completions, else the code), which is unique within a task after generation's de-duplication.
 */
public final class PairQuality {
    /** Counts of correctness pairs by (chosen right?, rejected right?); unmatched pairs are counted apart. */
    public record Counts(@JsonProperty("right_over_wrong") int rightOverWrong,
                         @JsonProperty("both_wrong") int bothWrong,
                         @JsonProperty("inverted") int inverted,
                         @JsonProperty("both_right") int bothRight,
                         @JsonProperty("unmatched") int unmatched) {
        public int pairs() {
            return rightOverWrong + bothWrong + inverted + bothRight;
        }

        /** Share of matched pairs with the chosen code right and the rejected one wrong (NaN without pairs). */
        public double informativeShare() {
            return pairs() == 0 ? Double.NaN : (double) rightOverWrong / pairs();
        }
    }

    private PairQuality() {}

    /**
     * @param truth per task, whether each code (candidates order) passes the task's reference tests
     */
    public static Counts of(Path candidates, Path pairs, Map<String, boolean[]> truth) {
        Map<String, Map<String, Integer>> index = new HashMap<>();
        new JsonlReader(candidates).forEach(row -> {
            CandidateRow c = Json.MAPPER.convertValue(row.node(), CandidateRow.class);
            List<String> responses = c.completions() != null ? c.completions() : c.codes();
            Map<String, Integer> byText = new HashMap<>();
            for (int i = 0; i < responses.size(); i++) {
                byText.putIfAbsent(responses.get(i), i);
            }
            index.put(c.taskId(), byText);
        });
        int[] n = new int[5];
        new JsonlReader(pairs).forEach(row -> {
            if (!"correctness".equals(row.node().path("kind").asText())) {
                return;
            }
            String task = row.node().path("task_id").asText();
            Map<String, Integer> byText = index.get(task);
            boolean[] correct = truth.get(task);
            Integer chosen = byText == null ? null : byText.get(row.node().path("chosen").asText());
            Integer rejected = byText == null ? null : byText.get(row.node().path("rejected").asText());
            if (correct == null || chosen == null || rejected == null) {
                n[4]++;
                return;
            }
            boolean c = correct[chosen];
            boolean r = correct[rejected];
            n[c ? (r ? 3 : 0) : (r ? 2 : 1)]++;
        });
        return new Counts(n[0], n[1], n[2], n[3], n[4]);
    }
}
