package dev.codedpo.data.generate;

import dev.codedpo.core.io.InputException;
import dev.codedpo.models.Devices;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.chat.ChatFormat;
import dev.codedpo.models.chat.JinjaChatTemplate;
import dev.codedpo.models.generate.Generator;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The model a sampling job asks (codedpo generate, codedpo tasks, the run's generate stage): a model directory
 * loaded here, or an OpenAI-compatible server. Closing it frees the loaded model.
 */
public final class ModelBackend implements AutoCloseable {
    /**
     * The settings both commands share, under the same keys; checked here once for both configs (which build one in
     * their constructors), with the messages a config error shows.
     */
    public record Settings(Backend backend, String modelPath, String device, int batchSize, String baseUrl,
                    String modelName, String apiKeyEnv, int concurrency, int maxRetries, double requestsPerSecond,
                    double timeoutSeconds) {
        public Settings {
            require(backend != null, "backend", "local or openai");
            require(batchSize >= 1, "batch_size", "an integer >= 1");
            require(device != null && !device.isBlank(), "device", "cpu, gpu or gpu:N");
            require(concurrency >= 1, "concurrency", "an integer >= 1");
            require(maxRetries >= 0, "max_retries", "an integer >= 0");
            require(requestsPerSecond >= 0 && Double.isFinite(requestsPerSecond), "requests_per_second",
                    "a number >= 0 (0 = no limit)");
            require(timeoutSeconds > 0 && Double.isFinite(timeoutSeconds), "timeout_seconds", "a number > 0");
            require(apiKeyEnv == null || apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*"), "api_key_env",
                    "the NAME of an environment variable (letters, digits, _), not the key itself");
        }

        private static void require(boolean ok, String key, String expected) {
            if (!ok) {
                throw new IllegalArgumentException(key + ": expected " + expected);
            }
        }
    }

    private final HfModel hf;
    private final CompletionBackend model;

    private ModelBackend(HfModel hf, CompletionBackend model) {
        this.hf = hf;
        this.model = model;
    }

    public static ModelBackend open(Settings s) {
        if (s.backend() == Backend.LOCAL) {
            HfModel hf = HfModel.load(Path.of(require(s.modelPath(), "model_path", "--model-path")),
                    Devices.parse(s.device()));
            return new ModelBackend(hf, new LocalBackend(new Generator(hf), s.batchSize()));
        }
        return new ModelBackend(null, new OpenAiBackend(new OpenAiBackend.Settings(
                require(s.baseUrl(), "base_url", "--base-url"), require(s.modelName(), "model_name", "--model"),
                OpenAiBackend.readKey(s.apiKeyEnv(), System::getenv), s.apiKeyEnv(), s.concurrency(),
                s.maxRetries(), s.requestsPerSecond(), Duration.ofMillis((long) (s.timeoutSeconds() * 1000)),
                Duration.ofSeconds(1), Duration.ofSeconds(60))));
    }

    public CompletionBackend model() {
        return model;
    }

    /**
     * The model's own chat template for instruct style; for the openai backend too, where model_path names a
     * directory holding the served model's tokenizer_config.json, so that the recorded request is the exact text
     * the server renders.
     */
    public static ChatFormat chatFormat(String modelPath) {
        return JinjaChatTemplate.fromModelDir(Path.of(require(modelPath, "model_path", "--model-path")));
    }

    public static String require(String value, String key, String option) {
        if (value == null || value.isBlank()) {
            throw new InputException(key + ": required (set it in the config, with --set " + key + "=..., or "
                    + option + ")");
        }
        return value;
    }

    @Override
    public void close() {
        if (hf != null) {
            hf.close();
        }
    }
}
