package dev.codedpo.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Fields;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.eval.check.FailedInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** results.jsonl and summary.json of an eval output directory; each file is written atomically. */
public final class ResultsFiles {
    public static final String RESULTS = "results.jsonl";
    public static final String SUMMARY = "summary.json";

    private ResultsFiles() {}

    public static void write(Path dir, List<SampleResult> results, EvalSummary summary) {
        StringBuilder b = new StringBuilder();
        for (SampleResult r : results) {
            b.append(Json.line(row(r))).append('\n');
        }
        AtomicFiles.writeString(dir.resolve(RESULTS), b.toString());
        AtomicFiles.writeString(dir.resolve(SUMMARY), Json.pretty(summary));
    }

    static ObjectNode row(SampleResult r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("suite", r.suite());
        o.put("task_id", r.taskId());
        o.put("sample_index", r.sampleIndex());
        o.put("status", r.status());
        o.put("base_status", r.baseStatus());
        if (r.plusStatus() != null) {
            o.put("plus_status", r.plusStatus());
        }
        if (r.failedInput() == null) {
            o.putNull("failed_input");
        } else {
            ObjectNode f = o.putObject("failed_input");
            f.put("set", r.failedInput().set());
            f.put("index", r.failedInput().index());
            f.put("message", r.failedInput().message());
        }
        o.put("cpu_seconds", Math.round(r.cpuSeconds() * 1e6) / 1e6);
        o.put("wall_seconds", Math.round(r.wallSeconds() * 1e6) / 1e6);
        o.put("solution", r.solution());
        return o;
    }

    /** Reads an eval output directory's results.jsonl back (for compare). */
    public static List<SampleResult> read(Path dir) {
        Path file = dir.resolve(RESULTS);
        if (!Files.isRegularFile(file)) {
            throw new InputException(dir + ": no " + RESULTS + " here (is it a `codedpo eval` output directory?)");
        }
        List<SampleResult> out = new ArrayList<>();
        new JsonlReader(file).forEach(row -> {
            JsonNode n = row.node();
            JsonNode f = n.get("failed_input");
            FailedInput fi = f == null || f.isNull() ? null
                    : new FailedInput(f.path("set").asText(), f.path("index").asInt(), f.path("message").asText());
            if (!n.path("sample_index").isInt()) {
                throw row.error("field \"sample_index\" must be an integer");
            }
            out.add(new SampleResult(Fields.requireString(row, "suite"), Fields.requireString(row, "task_id"),
                    n.get("sample_index").asInt(), Fields.requireString(row, "status"),
                    Fields.requireString(row, "base_status"), Fields.optionalString(row, "plus_status", null), fi,
                    n.path("cpu_seconds").asDouble(), n.path("wall_seconds").asDouble(),
                    Fields.requireString(row, "solution")));
        });
        return out;
    }
}
