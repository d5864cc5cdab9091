package dev.codedpo.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** The model a sampling command asks (generate, tasks): the same four options under the same config keys. */
final class BackendOptions {
    @Option(names = "--backend", paramLabel = "NAME", description = "local or openai.")
    String backend;

    @Option(names = {"-m", "--model-path"}, paramLabel = "DIR", description = "model_path (local backend).")
    String modelPath;

    @Option(names = "--base-url", paramLabel = "URL", description = "base_url (openai backend).")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME", description = "model_name (openai backend).")
    String modelName;

    /** Puts the given options under their config keys (null: not given). */
    void putInto(Map<String, Object> options) {
        options.put("backend", backend);
        options.put("model_path", modelPath);
        options.put("base_url", baseUrl);
        options.put("model_name", modelName);
    }
}
