package dev.codedpo.data.world;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** summary.json: counts, the settings, the held-out combinations, the tokenizer and model sizes. No clock times. */
final class WorldSummary {
    private WorldSummary() {}

    static Map<String, Object> of(World w, List<SftRow> sft) {
        CodeWorldConfig c = w.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", c.seed());
        Map<String, Object> tasks = new LinkedHashMap<>();
        tasks.put("train", w.train().size());
        tasks.put("heldout", w.heldOut().size());
        tasks.put("catalog", w.catalogTasks());
        m.put("tasks", tasks);
        m.put("tests_per_task", c.testsPerTask());
        Map<String, Integer> solutions = new TreeMap<>();
        w.train().forEach(t -> t.solutions().forEach(s -> solutions.merge(s.name(), 1, Integer::sum)));
        w.heldOut().forEach(t -> t.solutions().forEach(s -> solutions.merge(s.name(), 1, Integer::sum)));
        m.put("solutions", solutions);
        Map<String, Integer> rows = new TreeMap<>();
        sft.forEach(r -> rows.merge(r.kind(), 1, Integer::sum));
        m.put("sft_rows", rows);
        Map<String, Object> combos = new LinkedHashMap<>();
        combos.put("total", w.triples().size());
        combos.put("heldout", w.heldOutTriples().size());
        combos.put("heldout_list", w.triples().stream().filter(w.heldOutTriples()::contains).map(Triple::label)
                .toList());
        m.put("combinations", combos);
        Map<String, Object> tok = new LinkedHashMap<>();
        tok.put("vocab_size", w.tokenizer().size());
        tok.put("merges", w.tokenizer().merges().size());
        m.put("tokenizer", tok);
        m.put("model_parameters", parameters(c, w.tokenizer().size()));
        m.put("settings", settings(c));
        return m;
    }

    /** Llama with tied embeddings: embeddings + per layer (4 attention projections, 3 MLP, 2 norms) + final norm. */
    static long parameters(CodeWorldConfig c, int vocab) {
        long h = c.hiddenSize();
        long perLayer = 4 * h * h + 3 * h * c.intermediateSize() + 2 * h;
        return vocab * h + c.numLayers() * perLayer + h;
    }

    private static Map<String, Object> settings(CodeWorldConfig c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("train_tasks", c.trainTasks());
        s.put("heldout_tasks", c.heldoutTasks());
        s.put("tests_per_task", c.testsPerTask());
        s.put("doc_examples", c.docExamples());
        s.put("heldout_fraction", c.heldoutFraction());
        s.put("sft_alternatives", c.sftAlternatives());
        s.put("sft_tests", c.sftTests());
        s.put("sft_test_asserts", c.sftTestAsserts());
        s.put("sft_test_repeats", c.sftTestRepeats());
        s.put("vocab_size", c.vocabSize());
        s.put("hidden_size", c.hiddenSize());
        s.put("intermediate_size", c.intermediateSize());
        s.put("num_layers", c.numLayers());
        s.put("num_heads", c.numHeads());
        s.put("max_position_embeddings", c.maxPositionEmbeddings());
        return s;
    }
}
