package dev.codedpo.data.world;

import dev.codedpo.core.io.InputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Draws the tasks of each split: combinations in a seeded order, one task of each in turn (round robin), so that
 * every combination is represented before any is repeated with other constants.
 */
public final class TaskSelection {
    private TaskSelection() {}

    /** The tasks of the split: those whose combination is (or, for training, is not) in {@code heldOut}. */
    public static List<TaskSpec> draw(List<TaskSpec> catalog, Set<Triple> heldOut, boolean heldOutSplit, int count,
                                      Random r, String configKey) {
        Map<Triple, List<TaskSpec>> byTriple = new LinkedHashMap<>();
        for (TaskSpec t : catalog) {
            if (heldOut.contains(t.triple()) == heldOutSplit) {
                byTriple.computeIfAbsent(t.triple(), k -> new ArrayList<>()).add(t);
            }
        }
        int available = byTriple.values().stream().mapToInt(List::size).sum();
        if (count > available) {
            throw new InputException(configKey + ": " + count + " tasks asked, but the world has only " + available
                    + (heldOutSplit ? " held-out tasks (raise heldout_fraction)" : " training tasks"));
        }
        List<List<TaskSpec>> queues = new ArrayList<>();
        for (List<TaskSpec> group : byTriple.values()) {
            List<TaskSpec> g = new ArrayList<>(group);
            Collections.shuffle(g, r);
            queues.add(g);
        }
        Collections.shuffle(queues, r);
        List<TaskSpec> out = new ArrayList<>();
        for (int round = 0; out.size() < count; round++) {
            for (List<TaskSpec> q : queues) {
                if (round < q.size() && out.size() < count) {
                    out.add(q.get(round));
                }
            }
        }
        return out;
    }
}
