package dev.codedpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.prompt.ChatTemplate;
import dev.codedpo.eval.prompt.CodePostprocessor;
import dev.codedpo.eval.prompt.PromptBuilder;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.Task;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.generate.Generation;
import dev.codedpo.models.generate.GenerationConfig;
import dev.codedpo.models.generate.Generator;
import dev.codedpo.models.lora.LoraMerge;
import java.io.IOException;
import java.nio.file.Files;
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
final class ModelSamples {
    /** @param adapter a PEFT LoRA adapter directory merged into the model's weights, or null */
    record Settings(int n, Double temperature, int maxNewTokens, String promptStyle, long seed, int batchSize,
                    String device, Path adapter) {}

    private ModelSamples() {}

    static List<Sample> generate(Suite suite, Path modelDir, Settings s, Path out, Consumer<String> log) {
        double temperature = s.temperature() != null ? s.temperature() : (s.n() == 1 ? 0.0 : 0.8);
        if (s.n() > 1 && temperature == 0.0) {
            throw new InputException("--n " + s.n() + " with --temperature 0 would give " + s.n()
                    + " identical greedy samples: give --temperature > 0");
        }
        PromptStyle style = style(s.promptStyle(), modelDir);
        ChatTemplate template = style == PromptStyle.INSTRUCT ? ChatTemplate.detect(chatTemplate(modelDir)) : null;
        log.accept("generating with " + modelDir + (s.adapter() != null ? " + adapter " + s.adapter() : "") + ": " + style.name().toLowerCase() + " prompts"
                + (template != null ? " (" + template.name().toLowerCase() + " chat format)" : "") + ", n=" + s.n()
                + (temperature == 0 ? ", greedy" : ", temperature " + temperature));
        List<Sample> samples = new ArrayList<>();
        StringBuilder file = new StringBuilder();
        try (HfModel hf = LoraMerge.loadMerged(modelDir, s.adapter(), s.device())) {
            Generator generator = new Generator(hf);
            int done = 0;
            for (Task task : suite.tasks()) {
                String prompt = PromptBuilder.prompt(task, style, template);
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
                if (++done % 10 == 0 || done == suite.tasks().size()) {
                    log.accept(String.format("generated for %d/%d tasks", done, suite.tasks().size()));
                }
            }
        }
        AtomicFiles.writeString(out.resolve("samples.jsonl"), file.toString());
        return samples;
    }

    private static PromptStyle style(String requested, Path modelDir) {
        return switch (requested) {
            case "base" -> PromptStyle.BASE;
            case "instruct" -> PromptStyle.INSTRUCT;
            case "auto" -> {
                String t = chatTemplate(modelDir);
                yield t != null && !t.isBlank() ? PromptStyle.INSTRUCT : PromptStyle.BASE;
            }
            default -> throw new InputException("--prompt-style must be base, instruct or auto, got " + requested);
        };
    }

    /** tokenizer_config.json's chat_template (a string, or the "default" entry of a list of named templates). */
    static String chatTemplate(Path modelDir) {
        Path f = modelDir.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode t = Json.MAPPER.readTree(f.toFile()).get("chat_template");
            if (t == null || t.isNull()) {
                return null;
            }
            if (t.isArray()) {
                for (JsonNode e : t) {
                    if ("default".equals(e.path("name").asText())) {
                        return e.path("template").asText();
                    }
                }
                return t.size() > 0 ? t.get(0).path("template").asText() : null;
            }
            return t.asText();
        } catch (IOException e) {
            throw new InputException(f + ": cannot read: " + e.getMessage());
        }
    }
}
