package dev.codedpo.eval.exec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An executor that answers the requests it can from results it already has and sends the rest to a live executor
 * (which its caller closes), learning from what comes back. Counts both.
 */
public abstract class AnsweringExecutor implements CodeExecutor {
    private final CodeExecutor live;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    protected AnsweringExecutor(CodeExecutor live) {
        this.live = live;
    }

    /** A result this executor already has for the request, or null. */
    protected abstract ExecutionResult answer(ExecutionRequest request);

    /** A timing this executor already has for the request, or null. */
    protected abstract TimingResult answer(TimingRequest request);

    /** What the live executor answered (nothing is learned by default). */
    protected void learn(ExecutionRequest request, ExecutionResult result) {}

    protected void learn(TimingRequest request, TimingResult result) {}

    @Override
    public final ExecutionResult execute(ExecutionRequest request) {
        ExecutionResult had = answer(request);
        if (had != null) {
            answered.incrementAndGet();
            return had;
        }
        forwarded.incrementAndGet();
        ExecutionResult r = live.execute(request);
        learn(request, r);
        return r;
    }

    @Override
    public final TimingResult time(TimingRequest request) {
        TimingResult had = answer(request);
        if (had != null) {
            answered.incrementAndGet();
            return had;
        }
        forwarded.incrementAndGet();
        TimingResult r = live.time(request);
        learn(request, r);
        return r;
    }

    /** Requests answered without the live executor. */
    public long answered() {
        return answered.get();
    }

    /** Requests sent to the live executor. */
    public long forwarded() {
        return forwarded.get();
    }

    @Override
    public String identity() {
        return live.identity();
    }

    @Override
    public SandboxReport sandbox() {
        return live.sandbox();
    }

    @Override
    public int parallelism() {
        return live.parallelism();
    }

    /** The live executor is the caller's to close. */
    @Override
    public void close() {}
}
