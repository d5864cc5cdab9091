package dev.codedpo.models.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.models.generate.ContinuousBatcher;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.serve.OpenAiServer;
import dev.codedpo.models.serve.ServeOptions;
import dev.codedpo.models.tokenizer.Tokenizer;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Throughput of the OpenAI server end to end (HTTP, JSON, continuous batching) with 1, 4, 16... concurrent clients,
 * each sending completion requests one after another over loopback.
 */
public final class ServeBenchmark {
    /**
     * @param clients           concurrent client counts to measure
     * @param requestsPerClient requests each client sends in a timed round
     * @param maxTokens         max_tokens of every request
     * @param prompt            the prompt text
     * @param temperature       sampling temperature (each request its own seed)
     */
    public record Options(List<Integer> clients, int requestsPerClient, int maxTokens, String prompt,
                          double temperature) {
        public Options {
            clients = List.copyOf(clients);
            if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("client counts must be >= 1");
            }
            if (requestsPerClient < 1 || maxTokens < 1) {
                throw new IllegalArgumentException("requests per client and max tokens must be >= 1");
            }
        }
    }

    /** One measured round. */
    public record Row(String model, int clients, int requests, long generatedTokens, double seconds,
                      double cpuSeconds, double meanBatch) {
        public double requestsPerSecond() {
            return requests / seconds;
        }

        public double tokensPerSecond() {
            return generatedTokens / seconds;
        }

        /** Tokens per second of this process's CPU time: less sensitive than wall time to a busy machine. */
        public double tokensPerCpuSecond() {
            return generatedTokens / cpuSeconds;
        }
    }

    private final Options options;
    private final Consumer<String> log;

    public ServeBenchmark(Options options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    /** Serves the model on a free loopback port and measures each client count after one untimed round. */
    public List<Row> run(String name, CausalLM model, Tokenizer tokenizer, Set<Long> eosIds) throws IOException {
        int maxClients = options.clients().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<Row> rows = new ArrayList<>();
        try (ContinuousBatcher batcher = new ContinuousBatcher(model, tokenizer, eosIds, maxClients);
             OpenAiServer server = OpenAiServer.start(batcher, tokenizer, null, ServeOptions.of(name),
                     "127.0.0.1", 0)) {
            URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/v1/completions");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newCachedThreadPool(daemon())).build();
            round(http, uri, name, maxClients, 1, batcher);
            for (int c : options.clients()) {
                Row r = round(http, uri, name, c, options.requestsPerClient(), batcher);
                log.accept(String.format(Locale.ROOT, "%s, %d clients: %.2f requests/s, %.1f tokens/s (mean batch "
                        + "%.1f)", name, c, r.requestsPerSecond(), r.tokensPerSecond(), r.meanBatch()));
                rows.add(r);
            }
        }
        return rows;
    }

    private Row round(HttpClient http, URI uri, String name, int clients, int perClient, ContinuousBatcher batcher) {
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemon());
        long steps0 = batcher.decodeSteps();
        long rows0 = batcher.rowSteps();
        try {
            Stopwatch clock = Stopwatch.start();
            long cpu0 = processCpuNanos();
            List<Future<Long>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                work.add(pool.submit(() -> {
                    long tokens = 0;
                    for (int i = 0; i < perClient; i++) {
                        tokens += request(http, uri, name, client * 1000L + i);
                    }
                    return tokens;
                }));
            }
            long tokens = 0;
            for (Future<Long> f : work) {
                tokens += f.get();
            }
            double seconds = clock.wallSeconds();
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            long steps = batcher.decodeSteps() - steps0;
            double meanBatch = steps == 0 ? 0 : (double) (batcher.rowSteps() - rows0) / steps;
            return new Row(name, clients, clients * perClient, tokens, seconds, cpuSeconds, meanBatch);
        } catch (Exception e) {
            throw new IllegalStateException("benchmark request failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One completion; returns its completion_tokens. */
    private long request(HttpClient http, URI uri, String name, long seed) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", name);
        body.put("prompt", options.prompt());
        body.put("max_tokens", options.maxTokens());
        body.put("temperature", options.temperature());
        body.put("seed", seed);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
        JsonNode usage = Json.MAPPER.readTree(r.body()).get("usage");
        return usage.get("completion_tokens").asLong();
    }

    /** CPU time of the whole process (decode thread, engine threads, HTTP and clients). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        };
    }

    /** A markdown table of the rows, with each client count's speed-up over one client of the same model. */
    public static String toMarkdown(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| model | clients | requests | generated tokens | seconds | requests/s | tokens/s | x 1 client"
                + " | tokens per CPU-s | mean batch |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            double base = rows.stream().filter(o -> o.model().equals(r.model()) && o.clients() == 1)
                    .mapToDouble(Row::tokensPerSecond).findFirst().orElse(Double.NaN);
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.2f | %.1f | %.2f | %.1f | %.1f |%n",
                    r.model(), r.clients(), r.requests(), r.generatedTokens(), r.seconds(), r.requestsPerSecond(),
                    r.tokensPerSecond(), r.tokensPerSecond() / base, r.tokensPerCpuSecond(), r.meanBatch()));
        }
        return b.toString();
    }
}
