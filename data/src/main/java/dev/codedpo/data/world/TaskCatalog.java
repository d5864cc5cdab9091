package dev.codedpo.data.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every task the primitives can make, in a fixed order (the seed only decides which are drawn). */
public final class TaskCatalog {
    private TaskCatalog() {}

    public static List<TaskSpec> all() {
        List<TaskSpec> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ElementKind kind : ElementKind.values()) {
            for (Filter f : Primitives.filters(kind)) {
                for (Mapping m : Primitives.mappings(kind)) {
                    for (Aggregation a : Primitives.aggregations()) {
                        if (a.in() != m.out() || (!a.usesMap() && !m.isIdentity())) {
                            continue;
                        }
                        TaskSpec t = new TaskSpec(kind, f, m, a);
                        if (!names.add(t.entryPoint())) {
                            throw new IllegalStateException("two tasks named " + t.entryPoint());
                        }
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }

    /** The family combinations of the catalog, in catalog order. */
    public static List<Triple> triples(List<TaskSpec> tasks) {
        Set<Triple> s = new LinkedHashSet<>();
        tasks.forEach(t -> s.add(t.triple()));
        return List.copyOf(s);
    }
}
