package dev.codedpo.data.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/** A model whose completions are a function of (request text, sample index): known output for exact checks. */
final class ScriptedBackend implements CompletionBackend {
    final AtomicInteger requests = new AtomicInteger();
    final List<ModelRequest> seen = new ArrayList<>();
    private final BiFunction<ModelRequest, Integer, String> script;

    ScriptedBackend(BiFunction<ModelRequest, Integer, String> script) {
        this.script = script;
    }

    @Override
    public synchronized Sampled sample(ModelRequest request, SamplingParams params) {
        requests.incrementAndGet();
        seen.add(request);
        List<Completion> out = new ArrayList<>();
        for (int j = 0; j < params.n(); j++) {
            out.add(new Completion(script.apply(request, j), "stop"));
        }
        return new Sampled(out, 10L * params.n());
    }

    @Override
    public int parallelism() {
        return 1;
    }
}
