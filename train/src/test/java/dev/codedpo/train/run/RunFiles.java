package dev.codedpo.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.codedpo.models.io.SafetensorsReader;
import java.nio.file.Path;

/** Comparisons of two training runs' outputs. */
final class RunFiles {
    private RunFiles() {}

    /** The same tensors in both safetensors files, every value within {@code tol}. */
    static void assertWeightsClose(Path a, Path b, double tol) {
        try (NDManager m = NDManager.newBaseManager();
             SafetensorsReader x = new SafetensorsReader(a);
             SafetensorsReader y = new SafetensorsReader(b)) {
            assertEquals(x.tensors().keySet(), y.tensors().keySet());
            for (String name : x.tensors().keySet()) {
                float[] u = x.readFloat32(name, m).toFloatArray();
                float[] v = y.readFloat32(name, m).toFloatArray();
                for (int i = 0; i < u.length; i++) {
                    assertEquals(u[i], v[i], tol, name + "[" + i + "]");
                }
            }
        }
    }

    /** A number of one metrics.jsonl line. */
    static double metric(String line, String key) {
        return Double.parseDouble(line.replaceAll(".*\"" + key + "\":([^,}]*).*", "$1"));
    }
}
