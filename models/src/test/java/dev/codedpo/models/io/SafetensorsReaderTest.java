package dev.codedpo.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.codedpo.core.io.InputException;
import dev.codedpo.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsInRowBlocksExactlyAsInOnePiece() {
        Path file = TestModels.stories().resolve("model.safetensors");
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             SafetensorsReader whole = new SafetensorsReader(file);
             SafetensorsReader blocks = new SafetensorsReader(file, 1000)) {
            for (String name : whole.tensors().keySet()) {
                NDArray a = whole.readFloat32(name, m);
                NDArray b = blocks.readFloat32(name, m);
                assertEquals(a.getShape(), b.getShape());
                assertArrayEquals(a.toFloatArray(), b.toFloatArray(), name);
                assertArrayEquals(whole.readFloats(name), a.toFloatArray(), name);
            }
        }
    }

    @Test
    void knownValuesOfTheStoriesCheckpoint() {
        // First values of the embedding, as the numpy reader in tools/parity reads them.
        try (SafetensorsReader r = new SafetensorsReader(TestModels.stories().resolve("model.safetensors"))) {
            float[] e = r.readFloats("model.embed_tokens.weight");
            assertEquals(512 * 64, e.length);
            assertEquals(-0.29474878311157227f, e[0]);
            assertEquals(0.5618956089019775f, e[1]);
        }
    }

    @Test
    void truncatedFileNamesTheTensor() throws IOException {
        Path src = TestModels.stories().resolve("model.safetensors");
        Path cut = tmp.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(src);
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 100));
        InputException e = assertThrows(InputException.class, () -> new SafetensorsReader(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("model.norm.weight") || e.getMessage().contains("model.layers."),
                e.getMessage());
    }

    @Test
    void missingTensorIsAnErrorNamingIt() throws IOException {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Files.copy(TestModels.parity("tiny-llama").resolve("config.json"), dir.resolve("config.json"));
        // A checkpoint of another model (qwen2 names match but not the layer count/shapes) lacks what llama needs.
        String cfg = Files.readString(dir.resolve("config.json")).replace("\"num_hidden_layers\": 2",
                "\"num_hidden_layers\": 3");
        Files.writeString(dir.resolve("config.json"), cfg);
        Files.copy(TestModels.parity("tiny-llama").resolve("model.safetensors"), dir.resolve("model.safetensors"),
                StandardCopyOption.REPLACE_EXISTING);
        InputException e = assertThrows(InputException.class, () -> HfCheckpoint.load(dir, Device.cpu()));
        assertTrue(e.getMessage().contains("missing tensor model.layers.2.input_layernorm.weight"), e.getMessage());
    }

    @Test
    void notASafetensorsFile() throws IOException {
        Path f = tmp.resolve("x.safetensors");
        Files.writeString(f, "hello");
        InputException e = assertThrows(InputException.class, () -> new SafetensorsReader(f));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
    }

    @Test
    void halfAndBfloatConversions() {
        assertEquals(1.0f, Fp16.toFloat((short) 0x3c00));
        assertEquals(-2.0f, Fp16.toFloat((short) 0xc000));
        assertEquals(65504f, Fp16.toFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Fp16.toFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, Fp16.toFloat((short) 0x7c00));
        assertTrue(Float.isNaN(Fp16.toFloat((short) 0x7e00)));
        assertEquals(1.0f, Bf16.toFloat((short) 0x3f80));
        // Round to nearest even: 1 + 2^-8 is halfway between 1 and 1 + 2^-7 and goes to the even one (1.0);
        // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 and 1 + 2^-6 and goes to 1 + 2^-6.
        assertEquals((short) 0x3f80, Bf16.fromFloat(1f + 0x1p-8f));
        assertEquals((short) 0x3f82, Bf16.fromFloat(1f + 3 * 0x1p-8f));
        assertEquals((short) 0x3f81, Bf16.fromFloat(1f + 0x1p-7f + 0x1p-12f));
        assertTrue(Float.isNaN(Bf16.toFloat(Bf16.fromFloat(Float.NaN))));
        assertEquals(Float.NEGATIVE_INFINITY, Bf16.toFloat(Bf16.fromFloat(Float.NEGATIVE_INFINITY)));
    }
}
