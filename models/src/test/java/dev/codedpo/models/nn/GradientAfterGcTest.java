package dev.codedpo.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.TestModels;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.score.TokenLogProbs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradients through forward() must be right even when the garbage collector runs between forward and backward
 * (DJL-NOTES hazard 1: Java-number operands freed before backward corrupt gradients silently). The expected values
 * are float64 central finite differences of the numpy reference (tools/parity/make_fixtures.py).
 */
class GradientAfterGcTest {
    @Test
    void gradientsMatchFiniteDifferencesAfterForcedGc() throws Exception {
        Path dir = TestModels.parity("tiny-llama");
        JsonNode golden = Json.MAPPER.readTree(Files.readString(dir.resolve("golden_gradients.json")));
        JsonNode seqNode = golden.get("sequence");
        long[] seq = new long[seqNode.size()];
        for (int i = 0; i < seq.length; i++) {
            seq[i] = seqNode.get(i).asLong();
        }
        int t = seq.length - 1;
        try (CausalLM model = HfCheckpoint.load(dir, Device.cpu())) {
            for (NDArray p : model.parameters().values()) {
                p.setRequiresGradient(true);
            }
            for (int round = 0; round < 2; round++) {
                try (NDManager step = model.manager().newSubManager();
                     GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray inputs = step.create(java.util.Arrays.copyOf(seq, t), new Shape(1, t));
                    NDArray targets = step.create(java.util.Arrays.copyOfRange(seq, 1, seq.length), new Shape(1, t));
                    NDArray loss = TokenLogProbs.of(model.forward(inputs, null, null), targets).sum().neg();
                    assertEquals(golden.get("loss").asDouble(), loss.getFloat(), 1e-3);
                    churnGarbage();
                    gc.backward(loss);
                    churnGarbage();
                    for (var it = golden.get("gradients").fields(); it.hasNext(); ) {
                        var e = it.next();
                        float[] grad = model.parameters().get(e.getKey()).getGradient().toFloatArray();
                        JsonNode idx = e.getValue().get("indices");
                        JsonNode want = e.getValue().get("gradient");
                        for (int i = 0; i < idx.size(); i++) {
                            double w = want.get(i).asDouble();
                            double g = grad[idx.get(i).asInt()];
                            assertEquals(w, g, 1e-3 * Math.max(1.0, Math.abs(w)),
                                    "round " + round + " d loss / d " + e.getKey() + "[" + idx.get(i) + "]");
                        }
                    }
                    // Gradients accumulate across backward calls (DJL-NOTES hazard 6): clear for the next round.
                    gc.zeroGradients();
                }
            }
        }
    }

    /** Allocates and drops many small direct buffers, then asks for collections, to reuse freed native memory. */
    private static void churnGarbage() {
        List<java.nio.ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(64);
            for (int j = 0; j < 16; j++) {
                b.putFloat(123f);
            }
            junk.add(b);
        }
        junk.clear();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
