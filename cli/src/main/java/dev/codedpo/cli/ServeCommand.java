package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import dev.codedpo.models.Devices;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.chat.ChatFormat;
import dev.codedpo.models.lora.LoraMerge;
import dev.codedpo.models.chat.JinjaChatTemplate;
import dev.codedpo.models.chat.NoChatTemplateException;
import dev.codedpo.models.generate.ContinuousBatcher;
import dev.codedpo.models.serve.OpenAiServer;
import dev.codedpo.models.serve.ServeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo serve}: the model behind the OpenAI API, with continuous batching. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serve a model over the OpenAI API, with continuous batching.",
        description = {
            "Serve a Hugging Face model directory over the OpenAI API, as vLLM does:",
            "OpenAI clients work unchanged with base URL http://HOST:PORT/v1.",
            "  GET  /v1/models            the model served (id: --served-model-name)",
            "  POST /v1/completions       prompt (text, texts or token ids),",
            "      max_tokens (or max_completion_tokens), temperature, top_p, n, stop,",
            "      seed, logprobs (top-k), stream, stream_options.include_usage",
            "  POST /v1/chat/completions  messages, rendered with the model's chat",
            "      template; the same settings, logprobs / top_logprobs",
            "Concurrent requests are decoded together in one batch that requests join",
            "and leave at every token step (up to --max-batch samples). A request's",
            "output does not depend on what else runs: greedy output is the same as",
            "alone, and sampling with a seed is reproducible. A client that disconnects",
            "from a stream cancels its generation. Errors are OpenAI error objects",
            "(400 bad request, 401 wrong API key); unknown request fields are ignored.",
            "Stop with Ctrl-C.",
            ""})
public final class ServeCommand implements Callable<Integer> {
    private static final CountDownLatch STOP = new CountDownLatch(1);

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--adapter", paramLabel = "DIR",
            description = "A PEFT LoRA adapter directory (e.g. a codedpo train output with lora), merged into the "
                    + "model's weights in memory before serving.")
    Path adapter;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", defaultValue = "8000", paramLabel = "PORT",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Require 'Authorization: Bearer KEY' on every /v1 request (default: no key).")
    String apiKey;

    @Option(names = "--max-batch", defaultValue = "16", paramLabel = "N",
            description = "Most samples decoded together (default: ${DEFAULT-VALUE}); more requests wait.")
    int maxBatch;

    @Option(names = "--served-model-name", paramLabel = "NAME",
            description = "The model id clients use (default: the directory's name).")
    String servedName;

    @Mixin
    ThreadOption threads;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEV", description = "cpu (default), gpu or gpu:N.")
    String device;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new InputException("--port must be in [0, 65535], got " + port);
        }
        if (maxBatch < 1) {
            throw new InputException("--max-batch must be >= 1, got " + maxBatch);
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new InputException("--api-key must not be blank");
        }
        threads.apply();
        String name = servedName != null ? servedName : model.toAbsolutePath().normalize().getFileName().toString();
        try (HfModel hf = LoraMerge.loadMerged(model, adapter, device);
             ContinuousBatcher batcher = new ContinuousBatcher(hf.model(), hf.tokenizer(), hf.eosTokenIds(),
                     maxBatch)) {
            ServeOptions options = new ServeOptions(name, apiKey,
                    hf.generation().temperature() != null ? hf.generation().temperature() : 1.0,
                    hf.generation().topP() != null ? hf.generation().topP() : 1.0);
            ChatFormat chat = chatFormat(model);
            OpenAiServer server;
            try {
                server = OpenAiServer.start(batcher, hf.tokenizer(), chat, options, host, port);
            } catch (IOException e) {
                throw new InputException("--host/--port: cannot listen on " + host + ":" + port + ": "
                        + e.getMessage(), e);
            }
            try (server) {
                Runtime.getRuntime().addShutdownHook(new Thread(STOP::countDown));
                System.err.printf("codedpo serve: %s on http://%s:%d/v1 (max batch %d%s%s)%n", name,
                        server.address().getHostString(), server.address().getPort(), maxBatch,
                        chat == null ? "; no chat template: /v1/chat/completions answers 400" : "",
                        apiKey == null ? "" : "; API key required");
                STOP.await();
            }
        }
        return Main.EXIT_OK;
    }

    /** The model's own chat template, or null when it has none (then /v1/chat/completions answers 400). */
    static ChatFormat chatFormat(Path dir) {
        try {
            return JinjaChatTemplate.fromModelDir(dir);
        } catch (NoChatTemplateException e) {
            return null;
        }
    }

    /** Stops a server started in this process (tests; a real server stops on Ctrl-C). */
    static void stopForTests() {
        STOP.countDown();
    }
}
