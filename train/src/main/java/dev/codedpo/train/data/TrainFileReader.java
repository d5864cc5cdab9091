package dev.codedpo.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Fields;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.JsonlReader;
import dev.codedpo.models.batch.ResponseEncoder;
import dev.codedpo.train.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a training file of one method and tokenizes it: DPO rows {@code {prompt, chosen, rejected}} (the pairs.jsonl
 * of {@code codedpo pairs}; extra fields are ignored), KTO rows {@code {prompt, completion, label}} (kto.jsonl) and SFT
 * rows {@code {prompt, completion}} (sft.jsonl). The whole file is checked before training starts: a bad row stops
 * with {@code file:line: what}.
 */
public final class TrainFileReader {
    private final ResponseEncoder encoder;

    public TrainFileReader(ResponseEncoder encoder) {
        this.encoder = encoder;
    }

    public TrainingData<?> read(Method method, Path file) {
        return switch (method) {
            case DPO -> preference(file);
            case KTO -> labeled(file);
            case SFT -> completions(file);
        };
    }

    public TrainingData<PreferenceExample> preference(Path file) {
        Counts n = new Counts();
        List<PreferenceExample> out = new ArrayList<>();
        rows(file).forEach(row -> {
            String prompt = Fields.requireString(row, "prompt");
            ResponseEncoder.Encoded c = encoder.encode(prompt, Fields.requireString(row, "chosen"));
            ResponseEncoder.Encoded r = encoder.encode(prompt, Fields.requireString(row, "rejected"));
            if (n.count(c, r)) {
                out.add(new PreferenceExample(c.row().prompt(), c.row().response(), r.row().response()));
            }
        });
        return n.result(out, file);
    }

    public TrainingData<LabeledExample> labeled(Path file) {
        Counts n = new Counts();
        List<LabeledExample> out = new ArrayList<>();
        rows(file).forEach(row -> {
            JsonNode label = row.node().get("label");
            if (label == null || !label.isBoolean()) {
                throw row.error("field \"label\" must be true (desirable) or false (undesirable)");
            }
            ResponseEncoder.Encoded e = encoder.encode(Fields.requireString(row, "prompt"),
                    Fields.requireString(row, "completion"));
            if (n.count(e)) {
                out.add(new LabeledExample(e.row().prompt(), e.row().response(), label.asBoolean()));
            }
        });
        return n.result(out, file);
    }

    public TrainingData<CompletionExample> completions(Path file) {
        Counts n = new Counts();
        List<CompletionExample> out = new ArrayList<>();
        rows(file).forEach(row -> {
            ResponseEncoder.Encoded e = encoder.encode(Fields.requireString(row, "prompt"),
                    Fields.requireString(row, "completion"));
            if (n.count(e)) {
                out.add(new CompletionExample(e.row().prompt(), e.row().response()));
            }
        });
        return n.result(out, file);
    }

    private static JsonlReader rows(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file");
        }
        return new JsonlReader(file);
    }

    /** Counts what encoding did, row by row; a row is kept only when every response has a token to learn from. */
    private static final class Counts {
        int read;
        int truncated;
        int dropped;
        int merged;

        boolean count(ResponseEncoder.Encoded... parts) {
            read++;
            boolean keep = true;
            boolean cut = false;
            boolean joined = false;
            for (ResponseEncoder.Encoded e : parts) {
                keep &= !e.empty();
                cut |= e.truncated();
                joined |= e.boundaryMerged();
            }
            truncated += cut ? 1 : 0;
            merged += joined ? 1 : 0;
            dropped += keep ? 0 : 1;
            return keep;
        }

        <R> TrainingData<R> result(List<R> rows, Path file) {
            if (rows.isEmpty()) {
                throw new InputException(file + ": no usable rows (" + read + " read, " + dropped
                        + " with no response token left after truncation)");
            }
            return new TrainingData<>(rows, read, truncated, dropped, merged);
        }
    }
}
