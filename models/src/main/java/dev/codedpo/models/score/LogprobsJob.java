package dev.codedpo.models.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Fields;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.models.batch.TokenizedRow;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code codedpo logprobs}: reads JSONL rows {"prompt", "response"} (an "id" is carried over when present) and
 * writes one row per input, in input order: {"id"?, "sum", "mean", "n_tokens", "per_token"}.
 */
public final class LogprobsJob {
    /** Rows tokenized and scored together (then written), so memory stays bounded for large files. */
    static final int CHUNK = 256;

    private final LogProbScorer scorer;
    private final Tokenizer tokenizer;

    public LogprobsJob(LogProbScorer scorer, Tokenizer tokenizer) {
        this.scorer = scorer;
        this.tokenizer = tokenizer;
    }

    /** Returns the number of rows written. */
    public long run(Path input, Writer out) {
        List<JsonlReader.Row> chunk = new ArrayList<>();
        long[] written = {0};
        new JsonlReader(input).forEach(row -> {
            Fields.requireString(row, "prompt");
            Fields.requireString(row, "response");
            chunk.add(row);
            if (chunk.size() == CHUNK) {
                written[0] += flush(chunk, out);
            }
        });
        written[0] += flush(chunk, out);
        return written[0];
    }

    private long flush(List<JsonlReader.Row> rows, Writer out) {
        List<TokenizedRow> requests = new ArrayList<>(rows.size());
        for (JsonlReader.Row r : rows) {
            requests.add(LogProbScorer.tokenize(tokenizer, r.node().get("prompt").asText(),
                    r.node().get("response").asText()));
        }
        List<SequenceScore> scores = scorer.score(requests);
        try {
            for (int i = 0; i < rows.size(); i++) {
                out.write(Json.line(toRow(rows.get(i).node(), scores.get(i))));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write log-probs", e);
        }
        int n = rows.size();
        rows.clear();
        return n;
    }

    static Map<String, Object> toRow(JsonNode in, SequenceScore s) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (in.has("id")) {
            row.put("id", in.get("id"));
        }
        row.put("sum", s.sum());
        row.put("mean", s.mean());
        row.put("n_tokens", s.nTokens());
        row.put("per_token", s.perToken());
        return row;
    }
}
