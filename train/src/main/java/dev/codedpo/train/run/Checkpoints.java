package dev.codedpo.train.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.codedpo.core.io.AtomicDirectory;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.io.SafetensorsDType;
import dev.codedpo.models.io.SafetensorsReader;
import dev.codedpo.models.io.SafetensorsWriter;
import dev.codedpo.models.io.SaveOptions;
import dev.codedpo.models.lora.LoraAdapter;
import dev.codedpo.models.lora.PeftAdapterFiles;
import dev.codedpo.models.nn.CausalLM;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code checkpoint-N/} directories of a training run: the weights in Hugging Face layout (so any checkpoint loads
 * like a model; with LoRA, the adapter in PEFT's layout), {@code optimizer.safetensors} (AdamW moments, float32) and {@link TrainerState}. Each appears whole
 * or not at all ({@link AtomicDirectory}); the oldest beyond {@code save_total_limit} are deleted.
 */
public final class Checkpoints {
    public static final String OPTIMIZER = "optimizer.safetensors";
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

    private final Path outputDir;
    private final Path tokenizerSource;
    private final int keep;

    public Checkpoints(Path outputDir, Path tokenizerSource, int keep) {
        this.outputDir = outputDir;
        this.tokenizerSource = tokenizerSource;
        this.keep = keep;
    }

    public Path save(CausalLM model, Map<String, NDArray> optimizerState, TrainerState state) {
        return save(tmp -> HfCheckpoint.save(model, tmp, SaveOptions.f32(tokenizerSource)), optimizerState, state);
    }

    /** A LoRA run's checkpoint: the adapter in PEFT's layout instead of the (unchanged) base weights. */
    public Path saveAdapter(LoraAdapter adapter, Map<String, NDArray> optimizerState, TrainerState state) {
        return save(tmp -> PeftAdapterFiles.writeFiles(adapter, tmp, tokenizerSource.toString(), null),
                optimizerState, state);
    }

    private Path save(AtomicDirectory.Writer weights, Map<String, NDArray> optimizerState, TrainerState state) {
        Path dir = outputDir.resolve("checkpoint-" + state.globalStep());
        AtomicDirectory.write(dir, tmp -> {
            weights.writeTo(tmp);
            SafetensorsWriter.write(tmp.resolve(OPTIMIZER), optimizerState, SafetensorsDType.F32);
            AtomicFiles.writeString(tmp.resolve(TrainerState.FILE), Json.pretty(Json.MAPPER.valueToTree(state)));
        });
        prune();
        return dir;
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> complete() {
        if (!Files.isDirectory(outputDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(outputDir)) {
            return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(TrainerState.FILE)))
                    .sorted(Comparator.comparingLong(Checkpoints::stepOf)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + outputDir, e);
        }
    }

    public Optional<Path> latest() {
        List<Path> all = complete();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public static TrainerState state(Path checkpoint) {
        Path f = checkpoint.resolve(TrainerState.FILE);
        try {
            return Json.MAPPER.readValue(Files.readString(f), TrainerState.class);
        } catch (IOException e) {
            throw new InputException(f + ": cannot read trainer state: " + e.getMessage(), e);
        }
    }

    /** Copies a checkpoint's weights into the model's parameters, in place. */
    public static void loadWeights(CausalLM model, Path checkpoint) {
        try (CausalLM saved = HfCheckpoint.load(checkpoint, model.device())) {
            for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                e.getValue().set(saved.parameters().get(e.getKey()).toFloatArray());
            }
        }
    }

    /** Copies a LoRA checkpoint's adapter tensors into the adapter, in place. */
    public static void loadAdapterWeights(LoraAdapter adapter, CausalLM model, Path checkpoint) {
        try (LoraAdapter saved = PeftAdapterFiles.load(checkpoint, model, 0)) {
            if (!saved.config().equals(adapter.config())) {
                throw new InputException(checkpoint + ": the adapter was saved with " + saved.config()
                        + ", this run has lora " + adapter.config());
            }
            Map<String, NDArray> from = saved.parameters();
            for (Map.Entry<String, NDArray> e : adapter.parameters().entrySet()) {
                e.getValue().set(from.get(e.getKey()).toType(e.getValue().getDataType(), false).toByteBuffer());
            }
        }
    }

    /** The optimizer moments of a checkpoint, in {@code manager}. */
    public static Map<String, NDArray> optimizerState(Path checkpoint, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (SafetensorsReader r = new SafetensorsReader(checkpoint.resolve(OPTIMIZER))) {
            for (String name : r.tensors().keySet()) {
                out.put(name, r.readFloat32(name, manager));
            }
        }
        return out;
    }

    static long stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private void prune() {
        if (keep <= 0) {
            return;
        }
        List<Path> all = complete();
        for (int i = 0; i < all.size() - keep; i++) {
            try {
                AtomicDirectory.deleteTree(all.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + all.get(i), e);
            }
        }
    }
}
