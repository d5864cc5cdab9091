package dev.codedpo.data.generate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.Describe;
import dev.codedpo.eval.prompt.PromptStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything {@code codedpo generate} can be told; YAML keys are the property names below. */
public record GenerateConfig(
        @Describe("JSONL of tasks: {task_id, prompt, entry_point?, setup?} per line") @JsonProperty("tasks_file") String tasksFile,
        @Describe("use only the first N tasks of tasks_file (0 = all)") @JsonProperty("max_tasks") int maxTasks,
        @Describe("where candidates.jsonl, generation_tasks.jsonl, generation_summary.json and run.json go") @JsonProperty("output_dir") String outputDir,
        @Describe("local (a model directory run here) or openai (an OpenAI-compatible server)") @JsonProperty("backend") Backend backend,
        @Describe("Hugging Face model directory (local backend; for an instruct model also its chat template)") @JsonProperty("model_path") String modelPath,
        @Describe("server address for the openai backend, e.g. http://localhost:8000 (with or without /v1)") @JsonProperty("base_url") String baseUrl,
        @Describe("model name sent to the server (openai backend)") @JsonProperty("model_name") String modelName,
        @Describe("NAME of the environment variable holding the API key (the key itself is never written anywhere; null = no key)") @JsonProperty("api_key_env") String apiKeyEnv,
        @Describe("base: the model continues the rendered template (/v1/completions); instruct: the template is the user turn of the model's chat template (/v1/chat/completions)") @JsonProperty("prompt_style") PromptStyle promptStyle,
        @Describe("code samples per task (paper: 15)") @JsonProperty("num_codes") int numCodes,
        @Describe("test samples per task (paper: 15); each is split into its assert statements") @JsonProperty("num_tests") int numTests,
        @Describe("keep at most N distinct asserts per task, those written by the most test samples (0 = all): bounds the checks of codedpo pairs, codes x tests per task") @JsonProperty("max_tests") int maxTests,
        @Describe("sampling temperature (paper: 1.5)") @JsonProperty("temperature") double temperature,
        @Describe("nucleus sampling mass in (0, 1] (1 = off)") @JsonProperty("top_p") double topP,
        @Describe("most new tokens per code sample") @JsonProperty("max_new_tokens_code") int maxNewTokensCode,
        @Describe("most new tokens per test sample") @JsonProperty("max_new_tokens_tests") int maxNewTokensTests,
        @Describe("sequences decoded together (local backend; does not change the samples)") @JsonProperty("batch_size") int batchSize,
        @Describe("sampling seed: the same seed gives the same samples (local backend; sent to servers that honour it)") @JsonProperty("seed") long seed,
        @Describe("Jinja template of the code request; variables: task_id, prompt, entry_point, setup") @JsonProperty("code_template") String codeTemplate,
        @Describe("Jinja template of the test request; same variables") @JsonProperty("tests_template") String testsTemplate,
        @Describe("strings that end a code sample in base style (its code is cut before the first); an instruct answer ends at the end of its turn") @JsonProperty("stop") List<String> stop,
        @Describe("device of the local backend: cpu, gpu or gpu:N") @JsonProperty("device") String device,
        @Describe("requests in flight at once (openai backend)") @JsonProperty("concurrency") int concurrency,
        @Describe("retries of a request after 429, 5xx or a timeout, with exponential backoff and jitter") @JsonProperty("max_retries") int maxRetries,
        @Describe("most requests started per second (0 = no limit)") @JsonProperty("requests_per_second") double requestsPerSecond,
        @Describe("time limit of one HTTP request in seconds") @JsonProperty("timeout_seconds") double timeoutSeconds) {

    public GenerateConfig {
        stop = stop == null ? List.of() : List.copyOf(stop);
        new ModelBackend.Settings(backend, modelPath, device, batchSize, baseUrl, modelName, apiKeyEnv, concurrency,
                maxRetries, requestsPerSecond, timeoutSeconds);
        require(promptStyle != null, "prompt_style", "base or instruct");
        require(maxTasks >= 0, "max_tasks", "an integer >= 0 (0 = all)");
        require(numCodes >= 1, "num_codes", "an integer >= 1");
        require(numTests >= 1, "num_tests", "an integer >= 1");
        require(maxTests >= 0, "max_tests", "an integer >= 0 (0 = all)");
        require(temperature >= 0 && Double.isFinite(temperature), "temperature", "a number >= 0");
        require(topP > 0 && topP <= 1, "top_p", "a number in (0, 1]");
        require(maxNewTokensCode >= 1, "max_new_tokens_code", "an integer >= 1");
        require(maxNewTokensTests >= 1, "max_new_tokens_tests", "an integer >= 1");
        require(codeTemplate != null && !codeTemplate.isBlank(), "code_template", "a template file");
        require(testsTemplate != null && !testsTemplate.isBlank(), "tests_template", "a template file");
        require(stop.stream().noneMatch(String::isEmpty), "stop", "non-empty strings");
    }

    private static void require(boolean ok, String key, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": expected " + expected);
        }
    }

    /** Where the samples come from: a model directory or a server, and how it is asked. */
    @JsonIgnore
    public ModelBackend.Settings backendSettings() {
        return new ModelBackend.Settings(backend, modelPath, device, batchSize, baseUrl, modelName, apiKeyEnv,
                concurrency, maxRetries, requestsPerSecond, timeoutSeconds);
    }

    /** The paper's sampling (15 codes, 15 tests, temperature 1.5); ours for the rest (stops as EvalPlus's). */
    public static GenerateConfig defaults() {
        return new GenerateConfig(null, 0, null, Backend.LOCAL, null, null, null, null, PromptStyle.BASE, 15, 15, 0, 1.5,
                0.95, 512, 512, 16, 0, "configs/prompts/code.jinja", "configs/prompts/tests.jinja",
                List.of("\nif __name__", "\nprint(", "\nassert ", "\n```"), "cpu", 4, 5, 0, 120);
    }

    /**
     * What decides the samples, for "same settings to resume": where they come from and how they are drawn and
     * parsed (the caller adds the templates' text). Paths, parallelism, pacing and retries are left out: a resumed
     * run may change them.
     */
    @JsonIgnore
    public Map<String, Object> resultDefining() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_tasks", maxTasks);
        m.put("backend", backend.label());
        m.put("model", backend == Backend.LOCAL ? modelPath : modelName);
        m.put("prompt_style", promptStyle.label());
        m.put("num_codes", numCodes);
        m.put("num_tests", numTests);
        m.put("max_tests", maxTests);
        m.put("temperature", temperature);
        m.put("top_p", topP);
        m.put("max_new_tokens_code", maxNewTokensCode);
        m.put("max_new_tokens_tests", maxNewTokensTests);
        m.put("seed", seed);
        m.put("stop", stop);
        return m;
    }
}
