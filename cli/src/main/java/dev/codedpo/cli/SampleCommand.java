package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.generate.GenerationConfig;
import dev.codedpo.models.generate.Generation;
import dev.codedpo.models.generate.Generator;
import dev.codedpo.models.lora.LoraMerge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codedpo sample}: generate from a Hugging Face model directory, for people to try a model. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        header = "Generate text from a Hugging Face model directory (try a model).", sortOptions = false,
        description = {
            "Generate text from a Hugging Face model directory (Llama, CodeLlama, DeepSeek-Coder, Qwen2/2.5-Coder,",
            "Mistral; safetensors F32/F16/BF16). The prompt is encoded with the tokenizer's special tokens",
            "(e.g. BOS). Greedy by default; --temperature > 0 samples (with --top-p/--top-k and --seed).",
            ""})
public final class SampleCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--adapter", paramLabel = "DIR",
            description = "A PEFT LoRA adapter directory (e.g. codedpo train's output with lora) merged into --model.")
    Path adapter;

    @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "Prompt text (may be empty).")
    String prompt;

    @Option(names = "--prompt-file", paramLabel = "FILE", description = "Read the prompt from a file instead.")
    Path promptFile;

    @Option(names = "--max-new-tokens", defaultValue = "128", paramLabel = "N",
            description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T",
            description = "0 = greedy (default); > 0 samples.")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
            description = "Nucleus sampling mass in (0, 1] (default: ${DEFAULT-VALUE} = off).")
    double topP;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "Keep the K most likely tokens (default: ${DEFAULT-VALUE} = off).")
    int topK;

    @Option(names = {"-n", "--n"}, defaultValue = "1", paramLabel = "N", description = "Samples (default: 1).")
    int n;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Sampling seed: same seed, same samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stop", paramLabel = "TEXT",
            description = "Stop string (repeatable); the output is cut before it. Java escapes like \\n work.")
    List<String> stop = new ArrayList<>();

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "N",
            description = "Samples decoded together (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV", description = "cpu (default), gpu or gpu:N.")
    String device;

    @Option(names = "--json", description = "Print one JSON object per sample instead of text.")
    boolean json;

    @Override
    public Integer call() {
        String text = promptText();
        List<String> stops = stop.stream().map(SampleCommand::unescape).toList();
        GenerationConfig cfg;
        try {
            cfg = new GenerationConfig(maxNewTokens, temperature, topP, topK, n, seed, stops, true, batchSize);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        try (HfModel hf = LoraMerge.loadMerged(model, adapter, device)) {
            List<Generation> samples;
            try {
                samples = new Generator(hf).generate(List.of(text), cfg).get(0);
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage());
            }
            for (int i = 0; i < samples.size(); i++) {
                Generation g = samples.get(i);
                if (json) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("sample", i);
                    row.put("text", g.text());
                    row.put("finish_reason", g.finishReason());
                    row.put("token_ids", g.tokenIds());
                    row.put("logprobs", g.logProbs());
                    System.out.println(Json.line(row));
                } else {
                    if (samples.size() > 1) {
                        System.out.printf("=== sample %d/%d ===%n", i + 1, samples.size());
                    }
                    System.out.println(text + g.text());
                    System.err.printf("[%d tokens, finish: %s, log-prob %.2f]%n", g.tokenIds().length,
                            g.finishReason(), g.sumLogProb());
                }
            }
        }
        return Main.EXIT_OK;
    }

    private String promptText() {
        if (prompt != null && promptFile != null) {
            throw new InputException("give --prompt or --prompt-file, not both");
        }
        if (promptFile != null) {
            try {
                return Files.readString(promptFile);
            } catch (IOException e) {
                throw new InputException(promptFile + ": cannot read: " + e.getMessage(), e);
            }
        }
        if (prompt == null) {
            throw new InputException("give --prompt TEXT (may be \"\") or --prompt-file FILE");
        }
        return prompt;
    }

    /** "\n", "\t" and "\\" in stop strings, since shells make real newlines awkward to pass. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                switch (next) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '\\' -> sb.append('\\');
                    default -> sb.append(c).append(next);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
