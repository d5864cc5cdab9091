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
    /** The settings both commands share, under the same keys. */
    public record Settings(Backend backend, String modelPath, String device, int batchSize, String baseUrl,
                    String modelName, String apiKeyEnv, int concurrency, int maxRetries, double requestsPerSecond,
                    double timeoutSeconds) {}

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
