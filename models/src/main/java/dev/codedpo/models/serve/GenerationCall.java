package dev.codedpo.models.serve;

import dev.codedpo.models.generate.BatchRequest;
import dev.codedpo.models.generate.ContinuousBatcher;
import dev.codedpo.models.generate.GeneratedToken;
import dev.codedpo.models.generate.RequestListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The prompts of one HTTP request, submitted to the batcher, with what comes back as one queue of events in the
 * order they happened. Choice i * n + j is sample j of prompt i (OpenAI's numbering).
 */
final class GenerationCall implements AutoCloseable {
    /** A token, the end of a choice, or a failure of the whole call. */
    record Event(int choice, GeneratedToken token, String finishReason, RuntimeException error) {}

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<BatchRequest> requests = new ArrayList<>();
    private final int choices;
    private int open;

    GenerationCall(ContinuousBatcher batcher, ApiRequest request) {
        int n = request.params().n();
        choices = request.prompts().size() * n;
        open = choices;
        try {
            for (int i = 0; i < request.prompts().size(); i++) {
                requests.add(batcher.submit(request.prompts().get(i), request.params(), listener(i * n)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    int choices() {
        return choices;
    }

    private RequestListener listener(int firstChoice) {
        return new RequestListener() {
            @Override
            public void token(int sample, GeneratedToken token) {
                events.add(new Event(firstChoice + sample, token, null, null));
            }

            @Override
            public void finished(int sample, String finishReason) {
                events.add(new Event(firstChoice + sample, null, finishReason, null));
            }

            @Override
            public void failed(RuntimeException error) {
                events.add(new Event(-1, null, null, error));
            }
        };
    }

    /** The next event, or null once every choice has finished. Throws the engine's failure. */
    Event next() throws InterruptedException {
        if (open == 0) {
            return null;
        }
        Event e = events.take();
        if (e.error() != null) {
            throw e.error();
        }
        if (e.finishReason() != null) {
            open--;
        }
        return e;
    }

    /** Cancels what is still running (a client that went away); harmless once everything finished. */
    @Override
    public void close() {
        for (BatchRequest r : requests) {
            r.cancel();
        }
    }
}
