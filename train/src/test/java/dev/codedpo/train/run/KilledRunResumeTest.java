package dev.codedpo.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.train.TrainFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise taken literally: a run in another JVM, killed with SIGKILL at an unplanned moment (while it
 * loads, trains, writes a checkpoint or prunes an old one) and then resumed, ends with weights bit-identical to an
 * uninterrupted run, and with the same metrics. Kill moments are drawn from a seed and tied to the run's own
 * progress (metrics rows written), not to this machine's speed.
 */
class KilledRunResumeTest {
    private static final String PAIRS = String.join("\n",
            "{\"prompt\": \"Once upon a time\", \"chosen\": \"there was a cat.\", \"rejected\": \"the end\"}",
            "{\"prompt\": \"Lily liked\", \"chosen\": \"to play in the park with her dog.\", \"rejected\": \"no\"}",
            "{\"prompt\": \"The sun\", \"chosen\": \"was warm and bright.\", \"rejected\": \"sun sun sun\"}",
            "{\"prompt\": \"One day, Tom\", \"chosen\": \"found a red ball.\", \"rejected\": \"ball red a found\"}",
            "{\"prompt\": \"She said\", \"chosen\": \"thank you, mom!\", \"rejected\": \"!!\"}") + "\n";
    private static final int STEPS = 8;

    /** Checkpoints at every step, two kept: most moments of a step are spent writing or pruning one. */
    static Map<String, Object> settings() {
        Map<String, Object> o = new HashMap<>(Map.of(
                "model_path", TrainFixtures.modelDir("stories260K").toString(),
                "max_steps", STEPS, "batch_size", 2, "learning_rate", 1e-3, "save_steps", 1, "save_total_limit", 2,
                "warmup_steps", 1, "weight_decay", 0.1, "seed", 3, "shuffle", true));
        o.put("max_grad_norm", 0.5);
        return o;
    }

    @Test
    void aRunKilledAtRandomMomentsAndResumedEqualsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS);
        Path whole = tmp.resolve("whole");
        assertEquals(0, child(train, whole, "new").waitFor(), "uninterrupted run");

        SplittableRandom rng = new SplittableRandom(20261130L);
        Path cut = tmp.resolve("cut");
        int kills = 0;
        List<String> moments = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            // Kill once this run has logged a few more steps, then a little later: anywhere inside a step.
            int logged = loggedSteps(cut);
            int after = rng.nextInt(Math.max(1, (STEPS - logged) / 2));
            long extraMillis = rng.nextLong(60);
            Process p = child(train, cut, attempt == 0 ? "new" : "resume");
            waitForLoggedSteps(cut, logged + after, p);
            Thread.sleep(extraMillis);
            if (p.isAlive()) {
                p.destroyForcibly();   // SIGKILL on Linux: no shutdown hooks, no finally blocks
                kills++;
                moments.add("killed with " + loggedSteps(cut) + " steps logged, holding "
                        + java.util.Arrays.toString(cut.toFile().list()));
            }
            p.waitFor(60, TimeUnit.SECONDS);
        }
        assertTrue(kills >= 2, "at least two runs were killed while alive (" + kills + ")");
        assertEquals(0, child(train, cut, "resume").waitFor(), "resumed run");

        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")),
                Files.readAllBytes(cut.resolve("model.safetensors")), () -> "bit-identical weights; " + moments);
        assertEquals(withoutTimes(whole.resolve(MetricsLog.FILE)), withoutTimes(cut.resolve(MetricsLog.FILE)));
    }

    private static Process child(Path train, Path out, String mode) throws IOException {
        return new ProcessBuilder(TrainingChild.javaBinary().toString(), "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                TrainingChild.class.getName(), train.toString(), out.toString(), mode)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * Waits until the metrics file has {@code steps} rows and the child has started writing (a resumed run first
     * cuts the file back to its checkpoint, so rows left from the killed run do not count until it has done so).
     */
    private static void waitForLoggedSteps(Path out, int steps, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        long startedAt = Files.exists(out.resolve(MetricsLog.FILE))
                ? Files.getLastModifiedTime(out.resolve(MetricsLog.FILE)).toMillis() : Long.MIN_VALUE;
        while (p.isAlive() && System.nanoTime() < deadline) {
            Path metrics = out.resolve(MetricsLog.FILE);
            if (Files.exists(metrics) && Files.getLastModifiedTime(metrics).toMillis() > startedAt
                    && loggedSteps(out) >= steps) {
                return;
            }
            Thread.sleep(2);
        }
    }

    private static int loggedSteps(Path out) throws IOException {
        Path metrics = out.resolve(MetricsLog.FILE);
        return Files.exists(metrics) ? Files.readAllLines(metrics).size() : 0;
    }

    private static List<String> withoutTimes(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream()
                .map(l -> l.replaceAll("\"(tokens_per_second|elapsed_seconds)\":[^,}]*", "")).toList();
    }
}
