package dev.codedpo.data.tasks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;
import dev.codedpo.data.generate.Backend;
import dev.codedpo.data.generate.ModelBackend;
import dev.codedpo.eval.prompt.PromptStyle;
import dev.codedpo.eval.suite.SuiteLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything {@code codedpo tasks} can be told; YAML keys are the property names below. */
public record TasksConfig(
        @Describe("seed Python files: a directory (every *.py below it, cut into top-level functions and classes) or a JSONL of {snippet, source?} rows") @JsonProperty("seeds") String seeds,
        @Describe("where tasks.jsonl, tasks_summary.json, task_snippets.jsonl and run.json go") @JsonProperty("output_dir") String outputDir,
        @Describe("local (a model directory run here) or openai (an OpenAI-compatible server)") @JsonProperty("backend") Backend backend,
        @Describe("Hugging Face model directory (local backend; for an instruct model also its chat template)") @JsonProperty("model_path") String modelPath,
        @Describe("server address for the openai backend, e.g. http://localhost:8000 (with or without /v1)") @JsonProperty("base_url") String baseUrl,
        @Describe("model name sent to the server (openai backend)") @JsonProperty("model_name") String modelName,
        @Describe("NAME of the environment variable holding the API key (the key itself is never written anywhere; null = no key)") @JsonProperty("api_key_env") String apiKeyEnv,
        @Describe("base: the model continues the rendered template (/v1/completions); instruct: the template is the user turn of the model's chat template (/v1/chat/completions)") @JsonProperty("prompt_style") PromptStyle promptStyle,
        @Describe("Jinja template of the request; variables: snippet, source (where the snippet came from)") @JsonProperty("task_template") String taskTemplate,
        @Describe("sampling temperature (0 = greedy, as OSS-Instruct)") @JsonProperty("temperature") double temperature,
        @Describe("nucleus sampling mass in (0, 1] (1 = off)") @JsonProperty("top_p") double topP,
        @Describe("most new tokens per task") @JsonProperty("max_new_tokens") int maxNewTokens,
        @Describe("sampling seed: the same seed gives the same tasks (local backend; sent to servers that honour it)") @JsonProperty("seed") long seed,
        @Describe("strings that end a completion in base style (cut before the first); an instruct answer ends at the end of its turn") @JsonProperty("stop") List<String> stop,
        @Describe("device of the local backend: cpu, gpu or gpu:N") @JsonProperty("device") String device,
        @Describe("requests in flight at once (openai backend)") @JsonProperty("concurrency") int concurrency,
        @Describe("retries of a request after 429, 5xx or a timeout, with exponential backoff and jitter") @JsonProperty("max_retries") int maxRetries,
        @Describe("most requests started per second (0 = no limit)") @JsonProperty("requests_per_second") double requestsPerSecond,
        @Describe("time limit of one HTTP request in seconds") @JsonProperty("timeout_seconds") double timeoutSeconds,
        @Describe("snippets with fewer lines are skipped") @JsonProperty("min_snippet_lines") int minSnippetLines,
        @Describe("snippets with more characters are skipped (they would crowd the prompt)") @JsonProperty("max_snippet_chars") int maxSnippetChars,
        @Describe("token n-gram size of the near-duplicate filter (identifiers, numbers and symbols are tokens)") @JsonProperty("dedup_ngram") int dedupNgram,
        @Describe("a snippet whose n-gram Jaccard similarity to an earlier kept one is at least this is dropped") @JsonProperty("snippet_dedup_threshold") double snippetDedupThreshold,
        @Describe("a task whose prompt's n-gram Jaccard similarity to an earlier kept one is at least this is dropped") @JsonProperty("task_dedup_threshold") double taskDedupThreshold,
        @Describe("bundled suites whose prompts and canonical solutions tasks must not overlap") @JsonProperty("decontamination_suites") List<String> decontaminationSuites,
        @Describe("word n-gram size of the decontamination (words: letters, digits, _; lower-cased)") @JsonProperty("decontamination_ngram") int decontaminationNgram,
        @Describe("a task sharing at least this many word n-grams with the suites is dropped") @JsonProperty("decontamination_min_shared") int decontaminationMinShared,
        @Describe("task ids are PREFIX/<first 16 hex digits of the snippet's SHA-256>") @JsonProperty("task_id_prefix") String taskIdPrefix) {

    public TasksConfig {
        stop = stop == null ? List.of() : List.copyOf(stop);
        decontaminationSuites = decontaminationSuites == null ? List.of() : List.copyOf(decontaminationSuites);
        new ModelBackend.Settings(backend, modelPath, device, 1, baseUrl, modelName, apiKeyEnv, concurrency,
                maxRetries, requestsPerSecond, timeoutSeconds);
        require(promptStyle != null, "prompt_style", "base or instruct");
        require(taskTemplate != null && !taskTemplate.isBlank(), "task_template", "a template file");
        require(temperature >= 0 && Double.isFinite(temperature), "temperature", "a number >= 0");
        require(topP > 0 && topP <= 1, "top_p", "a number in (0, 1]");
        require(maxNewTokens >= 1, "max_new_tokens", "an integer >= 1");
        require(stop.stream().noneMatch(String::isEmpty), "stop", "non-empty strings");
        require(minSnippetLines >= 1, "min_snippet_lines", "an integer >= 1");
        require(maxSnippetChars >= 1, "max_snippet_chars", "an integer >= 1");
        require(dedupNgram >= 1, "dedup_ngram", "an integer >= 1");
        require(snippetDedupThreshold > 0 && snippetDedupThreshold <= 1, "snippet_dedup_threshold",
                "a number in (0, 1]");
        require(taskDedupThreshold > 0 && taskDedupThreshold <= 1, "task_dedup_threshold", "a number in (0, 1]");
        require(SuiteLoader.names().containsAll(decontaminationSuites), "decontamination_suites",
                "bundled suite names from " + SuiteLoader.names());
        require(decontaminationNgram >= 1, "decontamination_ngram", "an integer >= 1");
        require(decontaminationMinShared >= 1, "decontamination_min_shared", "an integer >= 1");
        require(taskIdPrefix != null && taskIdPrefix.matches("[A-Za-z0-9_.-]+"), "task_id_prefix",
                "letters, digits, _, . or -");
    }

    private static void require(boolean ok, String key, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": expected " + expected);
        }
    }

    /** Where the tasks are written: a model directory or a server, and how it is asked (one request at a time). */
    @JsonIgnore
    public ModelBackend.Settings backendSettings() {
        return new ModelBackend.Settings(backend, modelPath, device, 1, baseUrl, modelName, apiKeyEnv, concurrency,
                maxRetries, requestsPerSecond, timeoutSeconds);
    }

    /**
     * Greedy decoding as OSS-Instruct; 10-gram decontamination against HumanEval and MBPP (both MBPP splits), one
     * shared n-gram enough to drop, as the usual practice.
     */
    public static TasksConfig defaults() {
        return new TasksConfig(null, null, Backend.LOCAL, null, null, null, null, PromptStyle.BASE,
                "configs/prompts/task.jinja", 0.0, 1.0, 768, 0, List.of("\n```"), "cpu", 4, 5, 0, 120, 3, 4000, 5,
                0.7, 0.7, List.of("humaneval", "mbpp", "mbpp-full"), 10, 1, "oss");
    }

    /** The model's name as recorded in each task's provenance. */
    @JsonIgnore
    public String model() {
        return backend == Backend.LOCAL ? modelPath : modelName;
    }

    /**
     * What decides the completions, for "same settings to resume" (the caller adds the template's text). The
     * filters are left out: they run again over every completion at the end of each run, so changing a threshold
     * re-filters without asking the model again.
     */
    @JsonIgnore
    public Map<String, Object> samplingDefining() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", backend.label());
        m.put("model", model());
        m.put("prompt_style", promptStyle.label());
        m.put("temperature", temperature);
        m.put("top_p", topP);
        m.put("max_new_tokens", maxNewTokens);
        m.put("seed", seed);
        m.put("stop", stop);
        return m;
    }
}
