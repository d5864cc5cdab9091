package dev.codedpo.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.codedpo.core.io.Json;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.TrainFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * precompute_ref_logps: a run with the reference's values read from the file beside the data trains as a run that
 * computes the reference at every step (1e-6 on losses and weights); the file is reused while its key holds, a
 * different key (another max_length) gets a file of its own, and a damaged file is recomputed, not trusted.
 */
class ReferenceCacheRunTest {
    private static final String PAIRS = String.join("\n",
            "{\"prompt\": \"Once upon a time\", \"chosen\": \"there was a cat.\", \"rejected\": \"the end\"}",
            "{\"prompt\": \"Lily liked\", \"chosen\": \"to play in the park with her dog.\", \"rejected\": \"no\"}",
            "{\"prompt\": \"The sun\", \"chosen\": \"was warm and bright.\", \"rejected\": \"sun sun sun\"}",
            "{\"prompt\": \"One day, Tom\", \"chosen\": \"found a red ball.\", \"rejected\": \"ball red a found\"}",
            "{\"prompt\": \"She said\", \"chosen\": \"thank you, mom!\", \"rejected\": \"!!\"}") + "\n";
    private static final String KTO = String.join("\n",
            "{\"prompt\": \"Once upon a time\", \"completion\": \"there was a cat.\", \"label\": true}",
            "{\"prompt\": \"Lily liked\", \"completion\": \"no\", \"label\": false}",
            "{\"prompt\": \"The sun\", \"completion\": \"was warm and bright.\", \"label\": true}",
            "{\"prompt\": \"One day, Tom\", \"completion\": \"ball red a found\", \"label\": false}",
            "{\"prompt\": \"She said\", \"completion\": \"thank you, mom!\", \"label\": true}") + "\n";

    private static TrainConfig config(Path train, Path out, Map<String, Object> more) {
        Map<String, Object> o = new HashMap<>(Map.of(
                "model_path", TrainFixtures.modelDir("stories260K").toString(),
                "train_file", train.toString(), "output_dir", out.toString(), "max_steps", 4, "batch_size", 2,
                "learning_rate", 1e-3, "save_steps", 0, "warmup_steps", 1, "shuffle", true));
        o.put("seed", 5);
        o.putAll(more);
        return TrainFixtures.config(o);
    }

    private static List<String> run(TrainConfig c) {
        List<String> log = new ArrayList<>();
        new TrainingRun(c, false, null, false, log::add).run();
        return log;
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... kv) {
        Map<String, Object> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void dpoWithCachedReferenceEqualsDpoWithLiveReferenceAndReusesTheFile(@TempDir Path tmp) throws IOException {
        // In file order with whole micro-batches the cached values come from the very batches training forms; with
        // other batches a row's float32 sum may differ in its last bits (the shuffled KTO case below).
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS.lines().limit(4)
                .reduce("", (a, b) -> a + b + "\n"));
        Path eval = Files.writeString(tmp.resolve("eval.jsonl"), PAIRS.lines().skip(2)
                .reduce("", (a, b) -> a + b + "\n"));
        Map<String, Object> base = Map.of("eval_file", eval.toString(), "eval_steps", 2, "rpo_alpha", 0.5,
                "shuffle", false);
        run(config(train, tmp.resolve("live"), base));
        List<String> first = run(config(train, tmp.resolve("cached"), with(base, "precompute_ref_logps", true)));
        assertTrue(first.stream().anyMatch(l -> l.contains("rows computed, saved to")), String.join("\n", first));
        assertSame(tmp.resolve("live"), tmp.resolve("cached"), "model.safetensors", 1e-6);
        assertEquals(1, cacheFiles(tmp, "pairs.jsonl").size());
        assertEquals(1, cacheFiles(tmp, "eval.jsonl").size());

        List<String> again = run(config(train, tmp.resolve("again"), with(base, "precompute_ref_logps", true)));
        assertTrue(again.stream().anyMatch(l -> l.contains("rows from")), String.join("\n", again));
        assertTrue(again.stream().noneMatch(l -> l.contains("computed")), String.join("\n", again));
        assertSame(tmp.resolve("cached"), tmp.resolve("again"), "model.safetensors", 0);

        // The file is what the run uses: the same key with other values gives another loss.
        Path file = cacheFiles(tmp, "pairs.jsonl").get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        List<String> zeroed = new ArrayList<>(lines.subList(0, 1));
        lines.subList(1, lines.size()).forEach(l -> zeroed.add(l.replaceAll("\"logp\":[^}]*", "\"logp\":0.0")));
        Files.write(file, zeroed);
        run(config(train, tmp.resolve("tampered"), with(base, "precompute_ref_logps", true)));
        double a = loss(tmp.resolve("again"), 0);
        double b = loss(tmp.resolve("tampered"), 0);
        assertTrue(Math.abs(a - b) > 1e-3, a + " vs " + b);

        // A file cut short (as a write killed half-way would leave it, if it were not renamed into place) is redone.
        Files.write(file, lines.subList(0, lines.size() - 1));
        List<String> redone = run(config(train, tmp.resolve("redone"), with(base, "precompute_ref_logps", true)));
        assertTrue(redone.stream().anyMatch(l -> l.contains("holds " + (lines.size() - 2) + " rows")),
                String.join("\n", redone));
        assertSame(tmp.resolve("cached"), tmp.resolve("redone"), "model.safetensors", 0);
        assertEquals(lines, Files.readAllLines(file));

        // Another truncation setting is another key: a second file, the first one untouched.
        run(config(train, tmp.resolve("shorter"), with(base, "precompute_ref_logps", true, "max_length", 12,
                "max_prompt_length", 6)));
        assertEquals(2, cacheFiles(tmp, "pairs.jsonl").size());
        assertEquals(lines, Files.readAllLines(file));
    }

    @Test
    void ktoWithShuffledMicroBatchesEqualsTheLiveReference(@TempDir Path tmp) throws IOException {
        Path train = Files.writeString(tmp.resolve("kto.jsonl"), KTO);
        Map<String, Object> base = Map.of("method", "kto", "batch_size", 3, "max_steps", 5, "eval_file",
                train.toString());
        run(config(train, tmp.resolve("live"), base));
        run(config(train, tmp.resolve("cached"), with(base, "precompute_ref_logps", true)));
        assertSame(tmp.resolve("live"), tmp.resolve("cached"), "model.safetensors", 1e-6);
    }

    @Test
    void loraWithCachedReferenceEqualsTheAdaptersOffPass(@TempDir Path tmp) throws IOException {
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS);
        Map<String, Object> base = Map.of("lora.rank", 4, "lora.dropout", 0.1, "learning_rate", 1e-2);
        run(config(train, tmp.resolve("live"), base));
        run(config(train, tmp.resolve("cached"), with(base, "precompute_ref_logps", true)));
        assertSame(tmp.resolve("live"), tmp.resolve("cached"), "adapter_model.safetensors", 1e-6);
    }

    /**
     * Same losses (every logged row, eval rows too) and weights within {@code tol}; rewards and KL within 10 tol.
     */
    private static void assertSame(Path a, Path b, String weights, double tol) throws IOException {
        List<Map<String, Object>> ra = metrics(a);
        List<Map<String, Object>> rb = metrics(b);
        assertEquals(ra.size(), rb.size());
        for (int i = 0; i < ra.size(); i++) {
            for (String k : ra.get(i).keySet()) {
                // Accuracies compare rewards with '>': at step 1 both are 0 exactly with a live reference and within
                // float rounding of 0 with values scored in other batches, so that step function is left out.
                boolean compared = k.contains("loss") || k.contains("rewards/") || k.contains("kl");
                if (compared && !k.contains("accuracies")) {
                    Object x = ra.get(i).get(k);
                    Object y = rb.get(i).get(k);
                    if (x instanceof Number nx) {
                        // Rewards and KL are differences of float32 sums of about -30 (one ulp there is 4e-6): they
                        // get ten times the tolerance of the loss.
                        double t = k.contains("loss") ? tol : 10 * tol;
                        assertEquals(nx.doubleValue(), ((Number) y).doubleValue(), t, "row " + i + " " + k);
                    } else {
                        assertEquals(x, y, k);
                    }
                }
            }
        }
        RunFiles.assertWeightsClose(a.resolve(weights), b.resolve(weights), tol);
    }

    private static double loss(Path out, int row) throws IOException {
        return ((Number) metrics(out).get(row).get("loss")).doubleValue();
    }

    private static List<Map<String, Object>> metrics(Path out) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(MetricsLog.FILE))) {
            rows.add(Json.MAPPER.readValue(line, new TypeReference<Map<String, Object>>() { }));
        }
        return rows;
    }

    private static List<Path> cacheFiles(Path dir, String data) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(data + ".ref-logps-")).sorted().toList();
        }
    }
}
