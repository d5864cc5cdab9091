package dev.codedpo.train.run;

import dev.codedpo.train.TrainFixtures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A training run in a JVM of its own, so that a test can SIGKILL it: args are the train file, the output directory
 * and "resume" or "new". Settings are those of {@link KilledRunResumeTest#settings}.
 */
public final class TrainingChild {
    private TrainingChild() {}

    public static void main(String[] args) {
        Map<String, Object> o = new HashMap<>(KilledRunResumeTest.settings());
        o.put("train_file", args[0]);
        o.put("output_dir", args[1]);
        new TrainingRun(TrainFixtures.config(o), args[2].equals("resume"), null, false, s -> { }).run();
    }

    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
