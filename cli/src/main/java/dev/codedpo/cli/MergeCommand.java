package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.io.HfCheckpoint;
import dev.codedpo.models.io.SafetensorsDType;
import dev.codedpo.models.io.SaveOptions;
import dev.codedpo.models.lora.LoraMerge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codedpo merge}: fold a LoRA adapter into its base model and save an ordinary model directory. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Merge a LoRA adapter into its base model (W + alpha / r B A) and save it in Hugging Face layout.",
        description = {
            "Reads --model (a Hugging Face model directory) and --adapter (a PEFT LoRA directory: adapter_config.json",
            "and adapter_model.safetensors, as codedpo train writes with lora, or as PEFT's save_pretrained writes),",
            "and writes config.json, model.safetensors (sharded above 5 GB) and the base's tokenizer files to --out,",
            "which appears whole or not at all. The result loads anywhere a model directory does.",
            ""})
public final class MergeCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "Base model directory.")
    Path model;

    @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "PEFT LoRA adapter directory.")
    Path adapter;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New model directory (must not exist).")
    Path out;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "TYPE",
            description = "float32 (default), float16 or bfloat16 (round to nearest even).")
    String dtype;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV", description = "cpu (default), gpu or gpu:N.")
    String device;

    @Override
    public Integer call() {
        SafetensorsDType type = switch (dtype) {
            case "float32" -> SafetensorsDType.F32;
            case "float16" -> SafetensorsDType.F16;
            case "bfloat16" -> SafetensorsDType.BF16;
            default -> throw new InputException("--dtype: expected float32, float16 or bfloat16, got " + dtype);
        };
        if (Files.exists(out)) {
            throw new InputException("--out: " + out + " exists already (choose a new directory)");
        }
        try (HfModel hf = LoraMerge.loadMerged(model, adapter, device)) {
            HfCheckpoint.save(hf.model(), out, SaveOptions.f32(model).withDtype(type));
        }
        System.err.println("codedpo merge: " + model + " + " + adapter + " -> " + out + " (" + dtype + ")");
        return Main.EXIT_OK;
    }
}
