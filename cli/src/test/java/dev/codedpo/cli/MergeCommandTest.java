package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.models.io.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code codedpo merge} on stories260K and the adapter the Python reference wrote (train's golden/lora_dpo_trained,
 * rank 4, alpha 8): every adapted weight becomes W + 2 B A, computed here from the files in plain Java; a bad dtype or
 * adapter stops with exit 2 and writes nothing.
 */
class MergeCommandTest {
    private static Path root() {
        return ConfigFilesTest.configs().getParent();
    }

    @Test
    void mergesWPlusScaledBA(@TempDir Path tmp) {
        Path base = root().resolve("models/src/test/resources/stories260K");
        Path adapter = root().resolve("train/src/test/resources/golden/lora_dpo_trained");
        Path out = tmp.resolve("merged");
        StdErr.Run r = StdErr.execute("merge", "--model", base.toString(), "--adapter", adapter.toString(), "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
        String module = "model.layers.1.mlp.up_proj";
        float[] w;
        float[] a;
        float[] b;
        float[] merged;
        try (SafetensorsReader br = new SafetensorsReader(base.resolve("model.safetensors"));
             SafetensorsReader ar = new SafetensorsReader(adapter.resolve("adapter_model.safetensors"));
             SafetensorsReader mr = new SafetensorsReader(out.resolve("model.safetensors"))) {
            w = br.readFloats(module + ".weight");
            a = ar.readFloats("base_model.model." + module + ".lora_A.weight");
            b = ar.readFloats("base_model.model." + module + ".lora_B.weight");
            merged = mr.readFloats(module + ".weight");
            assertEquals(br.tensors().keySet(), mr.tensors().keySet());
        }
        int rank = 4;
        int in = a.length / rank;
        int outDim = b.length / rank;
        double changed = 0;
        for (int o = 0; o < outDim; o++) {
            for (int i = 0; i < in; i++) {
                double delta = 0;
                for (int k = 0; k < rank; k++) {
                    delta += (double) b[o * rank + k] * a[k * in + i];
                }
                double want = w[o * in + i] + 2.0 * delta;
                assertEquals(want, merged[o * in + i], 1e-6, "[" + o + ", " + i + "]");
                changed = Math.max(changed, Math.abs(merged[o * in + i] - w[o * in + i]));
            }
        }
        assertTrue(changed > 1e-4, "the merge changed the weights: " + changed);
    }

    @Test
    void badInputStopsWithExit2AndWritesNothing(@TempDir Path tmp) {
        Path base = root().resolve("models/src/test/resources/stories260K");
        Path out = tmp.resolve("merged");
        StdErr.Run r = StdErr.execute("merge", "--model", base.toString(), "--adapter",
                root().resolve("train/src/test/resources/golden/lora_dpo_trained").toString(), "--out",
                out.toString(), "--dtype", "int8");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("--dtype"), r.stderr());
        StdErr.Run r2 = StdErr.execute("merge", "--model", base.toString(), "--adapter", base.toString(), "--out",
                out.toString());
        assertEquals(2, r2.exitCode());
        assertTrue(r2.stderr().contains("adapter_config.json"), r2.stderr());
        assertFalse(Files.exists(out));
    }
}
