package dev.codedpo.models.io;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.AtomicDirectory;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.config.ModelConfig;
import dev.codedpo.models.config.ModelConfigReader;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.ParameterLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and saves model weights in a Hugging Face directory: config.json plus model.safetensors, or shards listed in
 * model.safetensors.index.json.
 */
public final class HfCheckpoint {
    private static final Logger LOG = LoggerFactory.getLogger(HfCheckpoint.class);
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    /** Files copied next to saved weights so that the directory is a complete model again. */
    public static final List<String> SIDE_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "generation_config.json", "added_tokens.json", "vocab.json", "merges.txt",
            "tokenizer.model");

    private HfCheckpoint() {}

    public static CausalLM load(Path dir, Device device) {
        ModelConfig config = ModelConfigReader.read(dir.resolve("config.json"));
        return load(dir, config, device);
    }

    public static CausalLM load(Path dir, ModelConfig config, Device device) {
        Map<String, Path> where = tensorFiles(dir);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> params = new LinkedHashMap<>();
            Map<Path, SafetensorsReader> readers = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, long[]> e : ParameterLayout.shapes(config).entrySet()) {
                    String name = e.getKey();
                    Path file = where.get(name);
                    if (file == null) {
                        throw new InputException(dir + ": missing tensor " + name
                                + " (the config implies it; the checkpoint does not hold it)");
                    }
                    SafetensorsReader reader = readers.computeIfAbsent(file, SafetensorsReader::new);
                    TensorInfo info = reader.info(name);
                    if (!new Shape(info.shape()).equals(new Shape(e.getValue()))) {
                        throw new InputException(file + ": tensor " + name + " has shape "
                                + new Shape(info.shape()) + ", config.json implies " + new Shape(e.getValue()));
                    }
                    params.put(name, reader.readFloat32(name, manager));
                }
                for (String name : where.keySet()) {
                    if (!params.containsKey(name)) {
                        LOG.warn("{}: ignoring tensor {} that the config does not use", dir, name);
                    }
                }
            } finally {
                readers.values().forEach(SafetensorsReader::close);
            }
            return new CausalLM(config, manager, params);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Which file holds each tensor: the single file's header, or the index's weight_map. */
    static Map<String, Path> tensorFiles(Path dir) {
        Path single = dir.resolve(SINGLE);
        Path index = dir.resolve(INDEX);
        Map<String, Path> out = new LinkedHashMap<>();
        if (Files.isRegularFile(single)) {
            try (SafetensorsReader r = new SafetensorsReader(single)) {
                r.tensors().keySet().forEach(n -> out.put(n, single));
            }
            return out;
        }
        if (!Files.isRegularFile(index)) {
            throw new InputException(dir + ": no " + SINGLE + " or " + INDEX
                    + " (only safetensors checkpoints are supported)");
        }
        JsonNode map;
        try {
            map = Json.MAPPER.readTree(Files.readString(index)).get("weight_map");
        } catch (IOException e) {
            throw new InputException(index + ": cannot read: " + e.getMessage(), e);
        }
        if (map == null || !map.isObject()) {
            throw new InputException(index + ": no weight_map object");
        }
        map.fields().forEachRemaining(e -> out.put(e.getKey(), dir.resolve(e.getValue().asText())));
        for (Path shard : new TreeSet<>(out.values())) {
            if (!Files.isRegularFile(shard)) {
                throw new InputException(index + ": shard " + shard.getFileName() + " does not exist");
            }
        }
        return out;
    }

    /**
     * Writes config.json, the weights (sharded above the threshold) and the side files of the tokenizer source. A new
     * directory appears whole or not at all ({@link AtomicDirectory}); into an existing one (a training output
     * directory) every file is written and flushed in a staging directory first, then moved in, config.json last,
     * so a crash never leaves a directory that names weights it does not have.
     */
    public static void save(CausalLM model, Path dir, SaveOptions options) {
        if (!Files.exists(dir)) {
            AtomicDirectory.write(dir, tmp -> writeFiles(model, tmp, options));
            return;
        }
        Path staging = dir.resolve(".staging-model");
        try {
            AtomicDirectory.deleteTree(staging);
            AtomicDirectory.write(staging, tmp -> writeFiles(model, tmp, options));
            removeOldWeights(dir);
            List<Path> files;
            try (var list = Files.list(staging)) {
                files = list.sorted(Comparator.comparing((Path p) -> p.getFileName().toString().equals("config.json"))
                        .thenComparing(p -> p.getFileName().toString())).toList();
            }
            for (Path f : files) {
                Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            AtomicDirectory.deleteTree(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save model to " + dir, e);
        }
    }

    private static void writeFiles(CausalLM model, Path dir, SaveOptions options) {
        try {
            Files.createDirectories(dir);
            Map<String, NDArray> params = model.parameters();
            List<Map<String, NDArray>> shards = planShards(params, options);
            if (shards.size() == 1) {
                SafetensorsWriter.write(dir.resolve(SINGLE), shards.get(0), options.dtype());
            } else {
                Map<String, String> weightMap = new TreeMap<>();
                long total = 0;
                for (int i = 0; i < shards.size(); i++) {
                    String fileName = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                    SafetensorsWriter.write(dir.resolve(fileName), shards.get(i), options.dtype());
                    for (Map.Entry<String, NDArray> e : shards.get(i).entrySet()) {
                        weightMap.put(e.getKey(), fileName);
                        total += e.getValue().size() * options.dtype().bytes();
                    }
                }
                ObjectNode index = Json.MAPPER.createObjectNode();
                index.putObject("metadata").put("total_size", total);
                ObjectNode wm = index.putObject("weight_map");
                weightMap.forEach(wm::put);
                AtomicFiles.writeString(dir.resolve(INDEX), Json.pretty(index));
            }
            AtomicFiles.writeString(dir.resolve("config.json"), Json.pretty(configJson(model.config(), options)));
            copySideFiles(options.tokenizerSource(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save model to " + dir, e);
        }
    }

    /** Greedy packing in checkpoint order: a new shard starts when the next tensor would pass the threshold. */
    static List<Map<String, NDArray>> planShards(Map<String, NDArray> params, SaveOptions options) {
        List<Map<String, NDArray>> shards = new ArrayList<>();
        Map<String, NDArray> current = new LinkedHashMap<>();
        long bytes = 0;
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            long size = e.getValue().size() * options.dtype().bytes();
            if (!current.isEmpty() && bytes + size > options.maxShardBytes()) {
                shards.add(current);
                current = new LinkedHashMap<>();
                bytes = 0;
            }
            current.put(e.getKey(), e.getValue());
            bytes += size;
        }
        shards.add(current);
        return shards;
    }

    static ObjectNode configJson(ModelConfig c, SaveOptions options) {
        ObjectNode n = c.source() != null ? c.source().deepCopy() : Json.MAPPER.createObjectNode();
        n.put("model_type", c.modelType());
        n.put("vocab_size", c.vocabSize());
        n.put("hidden_size", c.hiddenSize());
        n.put("intermediate_size", c.intermediateSize());
        n.put("num_hidden_layers", c.numLayers());
        n.put("num_attention_heads", c.numHeads());
        n.put("num_key_value_heads", c.numKvHeads());
        if (c.source() != null && c.source().has("head_dim") || c.headDim() * c.numHeads() != c.hiddenSize()) {
            n.put("head_dim", c.headDim());
        }
        n.put("rms_norm_eps", c.rmsNormEps());
        n.put("rope_theta", c.ropeTheta());
        n.put("tie_word_embeddings", c.tieWordEmbeddings());
        n.put("max_position_embeddings", c.maxPositionEmbeddings());
        n.put("hidden_act", "silu");
        if (c.source() == null) {
            n.putArray("architectures").add(switch (c.modelType()) {
                case "qwen2" -> "Qwen2ForCausalLM";
                case "mistral" -> "MistralForCausalLM";
                default -> "LlamaForCausalLM";
            });
            if (c.bosTokenId() != null) {
                n.put("bos_token_id", c.bosTokenId());
            }
            if (c.eosTokenIds().size() == 1) {
                n.put("eos_token_id", c.eosTokenIds().get(0));
            } else if (!c.eosTokenIds().isEmpty()) {
                var arr = n.putArray("eos_token_id");
                c.eosTokenIds().forEach(arr::add);
            }
        }
        n.put("torch_dtype", options.dtype().torchName());
        if (n.has("dtype")) {
            n.put("dtype", options.dtype().torchName());
        }
        return n;
    }

    private static void removeOldWeights(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "model*.safetensors*")) {
            for (Path p : ds) {
                Files.delete(p);
            }
        }
    }

    private static void copySideFiles(Path source, Path dir) throws IOException {
        if (source == null) {
            return;
        }
        if (Files.isSameFile(source, dir)) {
            return;
        }
        for (String name : SIDE_FILES) {
            Path src = source.resolve(name);
            if (Files.isRegularFile(src)) {
                Files.copy(src, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
