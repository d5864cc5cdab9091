package dev.codedpo.data.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Chooses the family combinations that only held-out tasks use. A combination is held out only while each of its
 * three pairs (filter+mapping, mapping+aggregation, filter+aggregation) still occurs in some training combination, so
 * held-out tasks ask for new compositions of things the model has seen combined, never for an unseen primitive.
 */
public final class HeldOutSplit {
    private HeldOutSplit() {}

    /** About {@code fraction} of each kind's combinations, drawn with {@code seed}; in catalog order. */
    public static Set<Triple> choose(List<Triple> triples, double fraction, long seed) {
        Set<Triple> held = new LinkedHashSet<>();
        Random r = new Random(seed);
        for (ElementKind kind : ElementKind.values()) {
            List<Triple> ofKind = new ArrayList<>(triples.stream().filter(t -> t.kind() == kind).toList());
            int target = (int) Math.round(fraction * ofKind.size());
            Map<List<String>, Integer> pairs = new HashMap<>();
            ofKind.forEach(t -> pairsOf(t).forEach(p -> pairs.merge(p, 1, Integer::sum)));
            Collections.shuffle(ofKind, r);
            int chosen = 0;
            for (Triple t : ofKind) {
                if (chosen == target) {
                    break;
                }
                if (pairsOf(t).stream().allMatch(p -> pairs.get(p) > 1)) {
                    pairsOf(t).forEach(p -> pairs.merge(p, -1, Integer::sum));
                    held.add(t);
                    chosen++;
                }
            }
        }
        Set<Triple> ordered = new LinkedHashSet<>();
        triples.stream().filter(held::contains).forEach(ordered::add);
        return ordered;
    }

    /** The three pairs of a combination, tagged so that a filter and a mapping of the same name cannot meet. */
    static List<List<String>> pairsOf(Triple t) {
        String k = t.kind().name();
        return List.of(List.of(k, "fm", t.filter(), t.mapping()), List.of(k, "ma", t.mapping(), t.aggregation()),
                List.of(k, "fa", t.filter(), t.aggregation()));
    }
}
