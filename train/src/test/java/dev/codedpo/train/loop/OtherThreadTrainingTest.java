package dev.codedpo.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.codedpo.train.TrainFixtures;
import dev.codedpo.train.run.TrainSummary;
import dev.codedpo.train.run.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grad mode is per thread in PyTorch and on by default on a new thread: a run on a thread other than the one that
 * loaded the engine (a server's worker, `codedpo run` stages) must train exactly as on the main thread.
 */
class OtherThreadTrainingTest {
    private static final String PAIRS = "{\"prompt\": \"Once upon a time\", \"chosen\": \"there was a cat.\", "
            + "\"rejected\": \"the end\"}\n{\"prompt\": \"Lily liked\", \"chosen\": \"to play.\", \"rejected\": \"no\"}\n";

    @Test
    void aRunOnAFreshThreadEqualsOneOnThisThread(@TempDir Path tmp) throws Exception {
        Path train = Files.writeString(tmp.resolve("pairs.jsonl"), PAIRS);
        run(train, tmp.resolve("here"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                run(train, tmp.resolve("there"));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError("training on another thread failed", failure.get());
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("here/model.safetensors")),
                Files.readAllBytes(tmp.resolve("there/model.safetensors")));
    }

    private static TrainSummary run(Path train, Path out) {
        return new TrainingRun(TrainFixtures.config(Map.of("model_path",
                TrainFixtures.modelDir("stories260K").toString(), "train_file", train.toString(), "output_dir",
                out.toString(), "max_steps", 2, "batch_size", 2, "learning_rate", 1e-3)), false, null, false,
                s -> { }).run();
    }
}
