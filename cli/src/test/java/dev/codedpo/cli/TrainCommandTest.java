package dev.codedpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code codedpo train} end to end: a mistyped key is exit 2 with a suggestion; a run's model loads in sample. */
class TrainCommandTest {
    static Path stories() {
        return ConfigFilesTest.configs().getParent().resolve("models/src/test/resources/stories260K");
    }

    @Test
    void aMistypedKeyIsAUsageErrorWithASuggestion(@TempDir Path tmp) {
        StdErr.Run r = StdErr.execute("train", "--set", "learning_rat=1e-5", "--set",
                "output_dir=" + tmp.resolve("o"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("learning_rat") && r.stderr().contains("learning_rate"), r.stderr());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void bfloat16OnTheCpuIsRefusedByKeyAndHelpSaysSo(@TempDir Path tmp) {
        StdErr.Run r = StdErr.execute("train", "--set", "dtype=bfloat16", "--set", "lora.rank=4", "--set",
                "output_dir=" + tmp.resolve("o"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("dtype") && r.stderr().contains("cpu"), r.stderr());
        StdErr.Run full = StdErr.execute("train", "--set", "dtype=float16", "--set", "output_dir=" + tmp.resolve("o"));
        assertEquals(Main.EXIT_USAGE, full.exitCode(), full.stderr());
        assertTrue(full.stderr().contains("dtype") && full.stderr().contains("lora"), full.stderr());
        assertFalse(Files.exists(tmp.resolve("o")));
        StdErr.Run help = StdErr.execute("train", "--help");
        assertTrue(help.stdout().replaceAll("\\s+", " ").contains("bfloat16 is refused on cpu"), help.stdout());
    }

    @Test
    void aTrainedModelLoadsInSample(@TempDir Path tmp) throws Exception {
        Path pairs = Files.writeString(tmp.resolve("pairs.jsonl"),
                "{\"prompt\": \"Once upon a time\", \"chosen\": \" there was a cat.\", \"rejected\": \" the end\"}\n"
                + "{\"prompt\": \"Lily\", \"chosen\": \" went to the park.\", \"rejected\": \" no\"}\n");
        Path out = tmp.resolve("out");
        StdErr.Run r = StdErr.execute("train", "--config", ConfigFilesTest.configs().resolve("train-dpo.yaml")
                .toString(), "--set", "model_path=" + stories(), "--set", "train_file=" + pairs, "--set",
                "output_dir=" + out, "--set", "max_steps=2", "--set", "batch_size=2", "--no-progress");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.stderr());
        for (String f : new String[] {"model.safetensors", "config.json", "tokenizer.json", "metrics.jsonl",
            "train_summary.json", "loss.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(2, Files.readAllLines(out.resolve("metrics.jsonl")).size());
        StdErr.Run again = StdErr.execute("train", "--set", "model_path=" + stories(), "--set",
                "train_file=" + pairs, "--set", "output_dir=" + out, "--no-progress");
        assertEquals(Main.EXIT_USAGE, again.exitCode(), "a directory holding a run needs --resume");
        StdErr.Run sample = StdErr.execute("sample", "--model", out.toString(), "--prompt", "Once",
                "--max-new-tokens", "4");
        assertEquals(Main.EXIT_OK, sample.exitCode(), sample.stderr());
    }
}
