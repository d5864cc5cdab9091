package dev.codedpo.models.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** Gathers a request's tokens per sample; {@link #await()} returns when every sample finished. */
final class CollectingListener implements RequestListener {
    final List<List<GeneratedToken>> tokens = new ArrayList<>();
    final String[] finish;
    private final CompletableFuture<CollectingListener> done = new CompletableFuture<>();
    private int open;
    private final BiConsumer<Integer, Integer> onToken;

    CollectingListener(int n) {
        this(n, (sample, count) -> { });
    }

    /** {@code onToken} gets (sample, tokens so far) on the decode thread after each token. */
    CollectingListener(int n, BiConsumer<Integer, Integer> onToken) {
        for (int i = 0; i < n; i++) {
            tokens.add(new ArrayList<>());
        }
        finish = new String[n];
        open = n;
        this.onToken = onToken;
    }

    @Override
    public synchronized void token(int sample, GeneratedToken token) {
        tokens.get(sample).add(token);
        onToken.accept(sample, tokens.get(sample).size());
    }

    @Override
    public synchronized void finished(int sample, String finishReason) {
        finish[sample] = finishReason;
        if (--open == 0) {
            done.complete(this);
        }
    }

    @Override
    public void failed(RuntimeException error) {
        done.completeExceptionally(error);
    }

    CollectingListener await() throws Exception {
        return done.get(300, TimeUnit.SECONDS);
    }

    synchronized long[] ids(int sample) {
        return tokens.get(sample).stream().mapToLong(GeneratedToken::id).toArray();
    }

    synchronized String text(int sample) {
        StringBuilder b = new StringBuilder();
        tokens.get(sample).forEach(t -> b.append(t.released()));
        return b.toString();
    }
}
