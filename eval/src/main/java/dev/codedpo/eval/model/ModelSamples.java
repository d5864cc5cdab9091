package dev.codedpo.eval.model;

import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.prompt.CodePostprocessor;
import dev.codedpo.eval.prompt.PromptBuilder;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.Task;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.chat.ChatFormat;
import dev.codedpo.models.chat.JinjaChatTemplate;
import dev.codedpo.models.chat.NoChatTemplateException;
import dev.codedpo.models.generate.Generation;
import dev.codedpo.models.generate.GenerationConfig;
import dev.codedpo.models.generate.Generator;
import dev.codedpo.models.lora.LoraMerge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Generation for {@code eval --model}: EvalPlus-style prompts, greedy for n = 1 or n sampled generations, then
 * post-processing (stop strings, code from markdown fences). Writes OUT/samples.jsonl ({"task_id", "solution",
 * "raw"}) so the same samples can be judged again with --samples.
 */
public final class ModelSamples {
    /** @param adapter a PEFT LoRA adapter directory merged into the model's weights, or null */
    public record Settings(int n, Double temperature, int maxNewTokens, long seed, int batchSize, String device,
                    Path adapter) {}

    private ModelSamples() {}

    /** @param template the model's chat format for instruct prompts, null for base prompts ({@link #chatFormat}) */
    public static List<Sample> generate(Suite suite, Path modelDir, ChatFormat template, Settings s, Path out,
                                 Consumer<String> log) {
        double temperature = s.temperature() != null ? s.temperature() : (s.n() == 1 ? 0.0 : 0.8);
        if (s.n() > 1 && temperature == 0.0) {
            throw new InputException("--n " + s.n() + " with --temperature 0 would give " + s.n()
                    + " identical greedy samples: give --temperature > 0");
        }
        PromptStyle style = template != null ? PromptStyle.INSTRUCT : PromptStyle.BASE;
        log.accept("generating with " + modelDir + (s.adapter() != null ? " + adapter " + s.adapter() : "") + ": "
                + style.name().toLowerCase() + " prompts" + (template != null ? " (" + template + ")" : "") + ", n="
                + s.n()
                + (temperature == 0 ? ", greedy" : ", temperature " + temperature));
        // every prompt first: a template that refuses the conversation fails before the model is loaded
        List<String> prompts = suite.tasks().stream().map(t -> PromptBuilder.prompt(t, style, template)).toList();
        List<Sample> samples = new ArrayList<>();
        StringBuilder file = new StringBuilder();
        try (HfModel hf = LoraMerge.loadMerged(modelDir, s.adapter(), s.device())) {
            Generator generator = new Generator(hf);
            int done = 0;
            for (Task task : suite.tasks()) {
                String prompt = prompts.get(done);
                List<String> stops = PromptBuilder.stops(task, style);
                GenerationConfig cfg;
                try {
                    cfg = new GenerationConfig(s.maxNewTokens(), temperature, 1.0, 0, s.n(), s.seed(), stops, true,
                            s.batchSize());
                } catch (IllegalArgumentException e) {
                    throw new InputException(e.getMessage());
                }
                List<Generation> gens = generator.generate(List.of(prompt), cfg).get(0);
                String base = style == PromptStyle.BASE ? prompt : "";
                for (int i = 0; i < gens.size(); i++) {
                    String raw = gens.get(i).text();
                    String program = CodePostprocessor.program(base, raw, style, stops, task.entryPoint());
                    samples.add(new Sample(task.taskId(), i, program, modelDir + " " + task.taskId()));
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("task_id", task.taskId());
                    row.put("solution", program);
                    row.put("raw", raw);
                    file.append(Json.line(row)).append('\n');
                }
                // about ten progress lines per suite, as the checks report theirs
                if (++done % Math.max(10, suite.tasks().size() / 10) == 0 || done == suite.tasks().size()) {
                    log.accept(String.format("generated for %d/%d tasks", done, suite.tasks().size()));
                }
            }
        }
        AtomicFiles.writeString(out.resolve("samples.jsonl"), file.toString());
        return samples;
    }

    /** The model's chat template for instruct prompts, or null for base prompts (--prompt-style). */
    public static ChatFormat chatFormat(String requested, Path modelDir) {
        return switch (requested) {
            case "base" -> null;
            case "instruct" -> {
                try {
                    yield JinjaChatTemplate.fromModelDir(modelDir);
                } catch (NoChatTemplateException e) {
                    throw new InputException(e.getMessage() + " (--prompt-style base)", e);
                }
            }
            case "auto" -> {
                try {
                    yield JinjaChatTemplate.fromModelDir(modelDir);
                } catch (NoChatTemplateException e) {
                    yield null;
                }
            }
            default -> throw new InputException("--prompt-style must be base, instruct or auto, got " + requested);
        };
    }
}
