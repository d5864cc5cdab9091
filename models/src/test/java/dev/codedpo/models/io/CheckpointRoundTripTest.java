package dev.codedpo.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.nn.CausalLM;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving writes standard safetensors that load back identically, in one file or in shards. */
class CheckpointRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void f32SaveLoadsBackBitIdenticalWithTokenizerFiles() throws IOException {
        Path out = tmp.resolve("f32");
        try (CausalLM model = HfCheckpoint.load(TestModels.stories(), Device.cpu())) {
            HfCheckpoint.save(model, out, SaveOptions.f32(TestModels.stories()));
            try (CausalLM back = HfCheckpoint.load(out, Device.cpu())) {
                assertEquals(model.config().numLayers(), back.config().numLayers());
                for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                    assertArrayEquals(e.getValue().toFloatArray(), back.parameters().get(e.getKey()).toFloatArray(),
                            e.getKey());
                }
            }
        }
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json")) {
            assertArrayEquals(Files.readAllBytes(TestModels.stories().resolve(f)), Files.readAllBytes(out.resolve(f)));
        }
        JsonNode cfg = Json.MAPPER.readTree(Files.readString(out.resolve("config.json")));
        assertEquals("float32", cfg.get("torch_dtype").asText());
        assertEquals("LlamaForCausalLM", cfg.get("architectures").get(0).asText());
        // The original file was written by another tool; ours must be byte-identical in the data section.
        assertEquals(Files.size(TestModels.stories().resolve("model.safetensors")) - headerSize(
                TestModels.stories().resolve("model.safetensors")), Files.size(out.resolve("model.safetensors"))
                - headerSize(out.resolve("model.safetensors")));
    }

    @Test
    void bf16SaveRoundsToNearestEvenAndLoadsBackExactly() {
        Path out = tmp.resolve("bf16");
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-llama"), Device.cpu())) {
            HfCheckpoint.save(model, out, SaveOptions.f32(null).withDtype(SafetensorsDType.BF16));
            try (CausalLM back = HfCheckpoint.load(out, Device.cpu());
                 SafetensorsReader r = new SafetensorsReader(out.resolve("model.safetensors"))) {
                for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                    assertEquals(SafetensorsDType.BF16, r.info(e.getKey()).dtype());
                    float[] orig = e.getValue().toFloatArray();
                    float[] loaded = back.parameters().get(e.getKey()).toFloatArray();
                    for (int i = 0; i < orig.length; i++) {
                        assertEquals(Bf16.toFloat(Bf16.fromFloat(orig[i])), loaded[i], 0f, e.getKey() + "[" + i + "]");
                        assertEquals(orig[i], loaded[i], Math.abs(orig[i]) / 256 + 1e-30);
                    }
                }
                // Saving what was loaded from BF16 again is lossless.
                Path again = tmp.resolve("bf16-again");
                HfCheckpoint.save(back, again, SaveOptions.f32(null).withDtype(SafetensorsDType.BF16));
                assertArrayEqualsFiles(out.resolve("model.safetensors"), again.resolve("model.safetensors"));
            }
        }
    }

    @Test
    void shardedSaveWritesAnIndexAndLoadsBackIdentically() throws IOException {
        Path out = tmp.resolve("sharded");
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-qwen2"), Device.cpu())) {
            HfCheckpoint.save(model, out, SaveOptions.f32(null).withMaxShardBytes(40_000));
            assertFalse(Files.exists(out.resolve("model.safetensors")));
            JsonNode index = Json.MAPPER.readTree(Files.readString(out.resolve(HfCheckpoint.INDEX)));
            long total = 0;
            for (NDArray a : model.parameters().values()) {
                total += a.size() * 4;
            }
            assertEquals(total, index.get("metadata").get("total_size").asLong());
            assertEquals(model.parameters().size(), index.get("weight_map").size());
            long shards = Files.list(out).filter(p -> p.getFileName().toString().matches(
                    "model-\\d{5}-of-\\d{5}\\.safetensors")).count();
            assertTrue(shards >= 3, "expected several shards, got " + shards);
            for (Iterator<String> it = index.get("weight_map").fieldNames(); it.hasNext(); ) {
                String name = it.next();
                String file = index.get("weight_map").get(name).asText();
                assertTrue(file.endsWith(String.format("-of-%05d.safetensors", shards)), file);
                try (SafetensorsReader r = new SafetensorsReader(out.resolve(file))) {
                    assertTrue(r.tensors().containsKey(name), name + " not in " + file);
                }
            }
            try (CausalLM back = HfCheckpoint.load(out, Device.cpu())) {
                for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                    assertArrayEquals(e.getValue().toFloatArray(), back.parameters().get(e.getKey()).toFloatArray());
                }
            }
            // Saving unsharded into the same directory removes the old shards and index.
            HfCheckpoint.save(model, out, SaveOptions.f32(null));
            assertTrue(Files.exists(out.resolve("model.safetensors")));
            assertFalse(Files.exists(out.resolve(HfCheckpoint.INDEX)));
        }
    }

    @Test
    void headerLayoutFollowsTheSafetensorsFormat() throws IOException {
        Path out = tmp.resolve("layout");
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-qwen2"), Device.cpu())) {
            HfCheckpoint.save(model, out, SaveOptions.f32(null).withDtype(SafetensorsDType.BF16));
        }
        byte[] file = Files.readAllBytes(out.resolve("model.safetensors"));
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header length is a multiple of 8");
        String header = new String(file, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"));
        String trimmed = header.stripTrailing();
        assertTrue(trimmed.endsWith("}"));
        assertTrue(header.substring(trimmed.length()).chars().allMatch(c -> c == ' '), "padding is spaces");
        assertTrue(header.length() - trimmed.length() < 8);
        JsonNode h = Json.MAPPER.readTree(header);
        assertEquals("pt", h.get("__metadata__").get("format").asText());
        long expectedBegin = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            assertEquals("BF16", t.get("dtype").asText());
            long count = 1;
            for (JsonNode d : t.get("shape")) {
                count *= d.asLong();
            }
            assertEquals(expectedBegin, t.get("data_offsets").get(0).asLong(), e.getKey() + " contiguous");
            assertEquals(expectedBegin + 2 * count, t.get("data_offsets").get(1).asLong(), e.getKey());
            expectedBegin += 2 * count;
        }
        assertEquals(file.length, 8 + n + expectedBegin, "no bytes after the last tensor");
    }

    @Test
    void anIndependentPythonReaderAcceptsWhatWeWrite() throws Exception {
        Path single = tmp.resolve("py-single");
        Path sharded = tmp.resolve("py-sharded");
        try (CausalLM model = HfCheckpoint.load(TestModels.parity("tiny-qwen2"), Device.cpu())) {
            HfCheckpoint.save(model, single, SaveOptions.f32(null).withDtype(SafetensorsDType.BF16));
            HfCheckpoint.save(model, sharded, SaveOptions.f32(null).withMaxShardBytes(50_000));
            for (Path dir : List.of(single, sharded)) {
                JsonNode py = Json.MAPPER.readTree(runPythonInspector(dir));
                assertEquals(model.parameters().size(), py.size());
                for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                    JsonNode t = py.get(e.getKey());
                    float[] v = e.getValue().toFloatArray();
                    double sum = 0;
                    for (float f : v) {
                        sum += f;
                    }
                    assertArrayEquals(e.getValue().getShape().getShape(),
                            Json.MAPPER.convertValue(t.get("shape"), long[].class));
                    // The fixture was BF16 already, so BF16 and F32 saves hold the same values exactly.
                    assertEquals(sum, t.get("sum").asDouble(), 1e-6 * Math.max(1, Math.abs(sum)), e.getKey());
                    assertEquals(v[0], t.get("first").get(0).asDouble(), 0.0, e.getKey());
                }
            }
        }
    }

    static String runPythonInspector(Path target) throws Exception {
        Path script = TestModels.repoRoot().resolve("tools/parity/inspect_safetensors.py");
        Process p = new ProcessBuilder("python3", script.toString(), target.toString())
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "python reader failed: " + err);
        return out;
    }

    static long headerSize(Path f) throws IOException {
        byte[] len = new byte[8];
        try (var in = Files.newInputStream(f)) {
            assertEquals(8, in.read(len));
        }
        return 8 + ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static void assertArrayEqualsFiles(Path a, Path b) throws RuntimeException {
        try {
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
