package dev.codedpo.data.world;

import dev.codedpo.data.world.tokenizer.BpeModel;
import java.util.List;
import java.util.Set;

/**
 * A generated world in memory.
 *
 * @param catalogTasks   how many tasks the primitives can make in all
 * @param triples        every family combination of the catalog
 * @param heldOutTriples the combinations only held-out tasks use
 */
public record World(CodeWorldConfig config, int catalogTasks, List<Triple> triples, Set<Triple> heldOutTriples,
                    List<WorldTask> train, List<WorldTask> heldOut, BpeModel tokenizer) {
    public World {
        triples = List.copyOf(triples);
        heldOutTriples = Set.copyOf(heldOutTriples);
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
    }
}
