package dev.codedpo.data.world;

import dev.codedpo.core.io.Json;
import dev.codedpo.data.world.tokenizer.LlamaConfigFile;
import dev.codedpo.data.world.tokenizer.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a world's files into a directory (the caller makes the directory appear atomically). */
public final class WorldFiles {
    public static final String HELDOUT_SUITE = "heldout_suite.jsonl";
    public static final String TRAIN_SUITE = "train_suite.jsonl";
    public static final String TRAIN_TASKS = "train_tasks.jsonl";
    public static final String SFT = "sft.jsonl";
    public static final String SOLUTIONS = "solutions.jsonl";
    public static final String SUMMARY = "summary.json";
    public static final String README = "README.md";
    public static final String MODEL_DIR = "model";

    private WorldFiles() {}

    public static void write(World w, Path dir) throws IOException {
        writeLines(dir.resolve(HELDOUT_SUITE), w.heldOut().stream().map(WorldFiles::suiteRow).toList());
        writeLines(dir.resolve(TRAIN_SUITE), w.train().stream().map(WorldFiles::suiteRow).toList());
        writeLines(dir.resolve(TRAIN_TASKS), w.train().stream().map(WorldFiles::taskRow).toList());
        List<SftRow> sft = SftRows.of(w.train(), w.config());
        writeLines(dir.resolve(SFT), sft.stream().map(WorldFiles::sftRow).toList());
        List<Object> solutions = new ArrayList<>();
        w.train().forEach(t -> solutions.add(solutionsRow(t)));
        w.heldOut().forEach(t -> solutions.add(solutionsRow(t)));
        writeLines(dir.resolve(SOLUTIONS), solutions);
        Files.writeString(dir.resolve(SUMMARY), Json.pretty(WorldSummary.of(w, sft)));
        Files.writeString(dir.resolve(README), WorldReadme.text(w));
        Path model = Files.createDirectories(dir.resolve(MODEL_DIR));
        TokenizerFiles.write(w.tokenizer(), w.config().maxPositionEmbeddings(), model);
        LlamaConfigFile.write(w.config(), w.tokenizer(), model);
    }

    /** HumanEval's layout, which {@code codedpo eval --suite FILE} reads. */
    static Map<String, Object> suiteRow(WorldTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", t.taskId());
        m.put("prompt", t.prompt());
        m.put("entry_point", t.entryPoint());
        m.put("canonical_solution", t.reference().body());
        StringBuilder test = new StringBuilder("def check(candidate):\n");
        t.tests().forEach(c -> test.append("    ").append(c.assertion("candidate")).append('\n'));
        m.put("test", test.toString());
        m.put("combination", t.spec().triple().label());
        return m;
    }

    /** The input of generation: {task_id, prompt, entry_point}. */
    static Map<String, Object> taskRow(WorldTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", t.taskId());
        m.put("prompt", t.prompt());
        m.put("entry_point", t.entryPoint());
        return m;
    }

    static Map<String, Object> sftRow(SftRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt", r.prompt());
        m.put("completion", r.completion());
        m.put("task_id", r.taskId());
        m.put("kind", r.kind());
        if (r.solution() != null) {
            m.put("solution", r.solution());
        }
        return m;
    }

    static Map<String, Object> solutionsRow(WorldTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", t.taskId());
        m.put("split", t.heldOut() ? "heldout" : "train");
        m.put("entry_point", t.entryPoint());
        m.put("combination", t.spec().triple().label());
        List<Object> sols = new ArrayList<>();
        for (Solution s : t.solutions()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", s.name());
            x.put("growth", s.growth().name().toLowerCase(java.util.Locale.ROOT));
            x.put("body", s.body());
            sols.add(x);
        }
        m.put("solutions", sols);
        return m;
    }

    private static void writeLines(Path file, List<?> rows) throws IOException {
        StringBuilder b = new StringBuilder();
        rows.forEach(r -> b.append(Json.line(r)).append('\n'));
        Files.writeString(file, b.toString());
    }
}
