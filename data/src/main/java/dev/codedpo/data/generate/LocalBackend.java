package dev.codedpo.data.generate;

import dev.codedpo.models.generate.Generation;
import dev.codedpo.models.generate.GenerationConfig;
import dev.codedpo.models.generate.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples with a model run here: the n samples of a request are decoded together in batches of {@code batchSize}
 * with the KV cache. Sample j of a request draws from a stream of the request's seed alone, so the samples do not
 * depend on the batch size or on the other tasks.
 */
public final class LocalBackend implements CompletionBackend {
    private final Generator generator;
    private final int batchSize;

    public LocalBackend(Generator generator, int batchSize) {
        this.generator = generator;
        this.batchSize = batchSize;
    }

    @Override
    public Sampled sample(ModelRequest request, SamplingParams p) {
        GenerationConfig cfg = new GenerationConfig(p.maxNewTokens(), p.temperature(), p.topP(), 0, p.n(), p.seed(),
                p.stop(), true, batchSize);
        List<Generation> gens = generator.generate(List.of(request.text()), cfg).get(0);
        List<Completion> out = new ArrayList<>(gens.size());
        long tokens = 0;
        for (Generation g : gens) {
            out.add(new Completion(g.text(), g.finishReason()));
            tokens += g.tokenIds().length;
        }
        return new Sampled(out, tokens);
    }

    @Override
    public int parallelism() {
        return 1;
    }
}
