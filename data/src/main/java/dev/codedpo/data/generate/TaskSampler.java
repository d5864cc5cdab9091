package dev.codedpo.data.generate;

import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.models.chat.ChatFormat;
import java.util.List;

/**
 * One task: render both requests, sample codes and tests, parse them. Thread-safe when the backend is. Each task's
 * seeds come from the run's seed and the task id alone, so its samples do not depend on which tasks ran before it
 * (a resumed run gives what an uninterrupted one would have).
 */
public final class TaskSampler {
    /** Everything one task gives. */
    public record Outcome(CandidateRow row, TaskLogRow log) {}

    private final GenerateConfig config;
    private final PromptTemplates templates;
    private final ChatFormat chat;
    private final CompletionBackend backend;
    private final SampleParser parser;

    /** @param chat the model's chat template (instruct style), or null (base style) */
    public TaskSampler(GenerateConfig config, PromptTemplates templates, ChatFormat chat, CompletionBackend backend,
                       SyntaxChecker checker) {
        if (config.promptStyle() == PromptStyle.INSTRUCT && chat == null) {
            throw new IllegalArgumentException("instruct style needs the model's chat template");
        }
        this.config = config;
        this.templates = templates;
        this.chat = chat;
        this.backend = backend;
        this.parser = new SampleParser(config.promptStyle(), stops(), checker, config.maxTests());
    }

    /** Stop strings end base samples; an instruct model ends its turn itself (a stop at a fence would cut its answer). */
    private List<String> stops() {
        return config.promptStyle() == PromptStyle.BASE ? config.stop() : List.of();
    }

    public Outcome sample(PromptTask task) {
        long start = System.nanoTime();
        String codeText = templates.renderCode(task);
        String testsText = templates.renderTests(task);
        ModelRequest codeRequest = request(codeText);
        ModelRequest testsRequest = request(testsText);
        long seed = taskSeed(config.seed(), task.taskId());
        Sampled codes = backend.sample(codeRequest, new SamplingParams(config.numCodes(), config.maxNewTokensCode(),
                config.temperature(), config.topP(), seed, stops()));
        List<String> testStops = config.promptStyle() == PromptStyle.BASE ? SampleParser.TEST_STOPS : List.of();
        Sampled tests = backend.sample(testsRequest, new SamplingParams(config.numTests(),
                config.maxNewTokensTests(), config.temperature(), config.topP(), seed ^ 0x5DEECE66DL, testStops));
        SampleParser.Parsed p = parser.parse(task, codeRequest.text(), testsRequest.text(), texts(codes),
                texts(tests));
        boolean usable = !p.codes().isEmpty() && !p.tests().isEmpty();
        CandidateRow row = usable ? new CandidateRow(task.taskId(), task.prompt(), p.codes(), p.tests(), task.setup(),
                codeRequest.text(), p.completions()) : null;
        double seconds = (System.nanoTime() - start) / 1e9;
        TaskLogRow log = new TaskLogRow(task.taskId(), task.contentHash(), usable, p.codeCounts(), p.testCounts(),
                codes.completionTokens() + tests.completionTokens(), seconds);
        return new Outcome(row, log);
    }

    private ModelRequest request(String rendered) {
        return ModelRequest.of(rendered, config.promptStyle() == PromptStyle.BASE ? null : chat);
    }

    private static List<String> texts(Sampled s) {
        return s.completions().stream().map(Completion::text).toList();
    }

    /** String.hashCode is fixed by the language, so the seed is the same on every JVM. */
    public static long taskSeed(long seed, String taskId) {
        long h = seed * 0x9E3779B97F4A7C15L ^ (long) taskId.hashCode() * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 31);
    }
}
