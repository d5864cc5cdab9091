package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import dev.codedpo.models.Devices;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.score.LogProbScorer;
import dev.codedpo.models.score.LogprobsJob;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codedpo logprobs}: per-token log-probabilities of responses given prompts. */
@Command(name = "logprobs", mixinStandardHelpOptions = true,
        header = "Per-token log-probs of responses given prompts, as JSONL.", sortOptions = false,
        description = {
            "Score responses under a model: for each JSONL row {\"prompt\", \"response\"} (\"id\" is carried over),",
            "write {\"id\"?, \"sum\", \"mean\", \"n_tokens\", \"per_token\"}: natural-log probabilities of the response",
            "tokens given the prompt. The prompt is encoded with special tokens (e.g. BOS), the response",
            "without, and the two are concatenated. Rows are batched with padding; results do not depend",
            "on the batch size.",
            ""})
public final class LogprobsCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Input JSONL (.gz ok).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output JSONL (default: standard output).")
    Path output;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "N",
            description = "Rows per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV", description = "cpu (default), gpu or gpu:N.")
    String device;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new InputException("--batch-size must be >= 1");
        }
        if (!Files.isRegularFile(input)) {
            throw new InputException(input + ": no such file");
        }
        try (HfModel hf = HfModel.load(model, Devices.parse(device))) {
            Long pad = hf.tokenizer().specialTokens().padId();
            LogprobsJob job = new LogprobsJob(new LogProbScorer(hf.model(), batchSize, pad == null ? 0 : pad),
                    hf.tokenizer());
            if (output == null) {
                Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                job.run(input, out);
            } else {
                writeAtomically(job);
            }
        }
        return Main.EXIT_OK;
    }

    /** The output file appears only when every row was scored. */
    private void writeAtomically(LogprobsJob job) {
        try {
            Path dir = output.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + output.getFileName(), ".tmp");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    long n = job.run(input, w);
                    System.err.println("codedpo logprobs: " + n + " rows -> " + output);
                }
                Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        }
    }
}
