package dev.codedpo.train.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The steps since the last logged row. As the HF Trainer and TRL log with {@code logging_steps > 1}, the loss and
 * the method's metrics (rewards, log-probs, kl, accuracies) and the throughput are means over the window's steps;
 * the step, epoch, learning rate, gradient norm and elapsed time are those of the window's last step. After a resume
 * the first window starts at the checkpoint's step.
 */
final class LogWindow {
    private static final Set<String> LAST_STEP_KEYS = Set.of("step", "epoch", "learning_rate", "grad_norm",
            "elapsed_seconds");
    private final Map<String, Double> sums = new LinkedHashMap<>();
    private Map<String, Object> last;
    private int steps;

    void add(Map<String, Object> row) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (!LAST_STEP_KEYS.contains(e.getKey()) && e.getValue() instanceof Number n) {
                sums.merge(e.getKey(), n.doubleValue(), Double::sum);
            }
        }
        last = row;
        steps++;
    }

    /** The row to log for the window, which then starts again empty. */
    Map<String, Object> drain() {
        if (steps == 0) {
            throw new IllegalStateException("no step since the last log");
        }
        Map<String, Object> out = new LinkedHashMap<>(last);
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            out.put(e.getKey(), steps == 1 ? last.get(e.getKey()) : e.getValue() / steps);
        }
        sums.clear();
        steps = 0;
        return out;
    }
}
