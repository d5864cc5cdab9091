package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import dev.codedpo.models.Devices;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.bench.BenchShape;
import dev.codedpo.models.bench.ServeBenchmark;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.RandomInit;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo bench serve}: requests/s and tokens/s of the OpenAI server at several client counts. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measure codedpo serve end to end over loopback HTTP: requests/s and",
            "generated tokens/s with 1, 4 and 16 (--clients) concurrent clients, each",
            "sending completion requests one after another. Models: Hugging Face",
            "directories (--model) and/or random-weight shapes (--shapes 20M, with",
            "--tokenizer for text). One untimed round first. Prints a markdown table.",
            ""})
public final class BenchServeCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "A model directory (repeatable).")
    List<Path> models = new ArrayList<>();

    @Option(names = "--shapes", split = ",", paramLabel = "LIST", description = "Random-weight shapes: 0.9M, 20M.")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "Tokenizer for the random shapes (its vocabulary must cover the shape's).")
    Path tokenizer;

    @Option(names = "--clients", split = ",", defaultValue = "1,4,16", paramLabel = "LIST",
            description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--requests-per-client", defaultValue = "4", paramLabel = "N",
            description = "Requests each client sends per round (default: ${DEFAULT-VALUE}).")
    int requestsPerClient;

    @Option(names = "--max-tokens", defaultValue = "64", paramLabel = "N",
            description = "max_tokens of each request (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", paramLabel = "T",
            description = "Sampling temperature, each request its own seed (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--prompt", defaultValue = "Once upon a time, there was a little girl who",
            paramLabel = "TEXT", description = "Prompt of every request.")
    String prompt;

    @Mixin
    ThreadOption threads;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV", description = "cpu (default), gpu or gpu:N.")
    String device;

    @Override
    public Integer call() throws IOException {
        if (models.isEmpty() && shapes.isEmpty()) {
            throw new InputException("give --model DIR and/or --shapes LIST");
        }
        if (!shapes.isEmpty() && tokenizer == null) {
            throw new InputException("--shapes needs --tokenizer DIR (random weights come without one)");
        }
        threads.apply();
        ServeBenchmark bench;
        try {
            bench = new ServeBenchmark(new ServeBenchmark.Options(clients, requestsPerClient, maxTokens, prompt,
                    temperature), line -> System.err.println("[bench] " + line));
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        List<ServeBenchmark.Row> rows = new ArrayList<>();
        for (Path dir : models) {
            try (HfModel hf = HfModel.load(dir, Devices.parse(device))) {
                rows.addAll(bench.run(dir.getFileName().toString(), hf.model(), hf.tokenizer(), hf.eosTokenIds()));
            }
        }
        for (BenchShape shape : BenchShape.parse(shapes)) {
            try (Tokenizer tok = Tokenizer.load(tokenizer);
                 CausalLM model = RandomInit.create(shape.config(), Devices.parse(device), 42)) {
                Set<Long> eos = Set.copyOf(shape.config().eosTokenIds().stream().map(Integer::longValue).toList());
                rows.addAll(bench.run(shape.name() + " (random)", model, tok, eos));
            }
        }
        System.out.print(ServeBenchmark.toMarkdown(rows));
        return Main.EXIT_OK;
    }
}
