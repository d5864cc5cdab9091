package dev.codedpo.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDManager;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.method.Objective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The optimisation loop shared by every method: optimizer step k (1-based) takes the next batch_size x
 * grad_accum_steps rows ({@link RowCursor}), lets the method's {@link Objective} accumulate the gradients of its
 * micro-batches, clips them by global norm, applies AdamW at the scheduled rate, and zeroes them. One sub-manager
 * per step holds everything the step makes, so memory stays flat.
 */
public final class Trainer<R> implements AutoCloseable {
    private final TrainConfig config;
    private final Map<String, NDArray> parameters;
    private final NDManager manager;
    private final Objective<R> objective;
    private final List<R> rows;
    private RowCursor cursor;
    private final AdamW optimizer;
    private final long totalSteps;
    private final long startNanos = System.nanoTime();
    private long step;
    private LongConsumer beforeStep = k -> { };

    /**
     * @param parameters the trainable parameters (their gradients are switched on here)
     * @param manager    a long-lived manager for the optimizer state and per-step sub-managers
     */
    public Trainer(TrainConfig config, Map<String, NDArray> parameters, NDManager manager, Objective<R> objective,
                   List<R> rows) {
        this.config = config;
        this.parameters = parameters;
        this.manager = manager;
        this.objective = objective;
        this.rows = rows;
        this.cursor = new RowCursor(rows.size(), config.shuffle(), config.seed(), 0);
        this.optimizer = new AdamW(manager, config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                config.weightDecay());
        this.totalSteps = config.totalSteps(rows.size());
        // PyTorch's grad mode is per thread and on by default; the engine turns it off only on the thread that
        // loaded it. Outside a GradientCollector nothing may be recorded (reference scores, the in-place AdamW
        // update of leaves that require gradients), whichever thread trains.
        JniUtils.setGradMode(false);
        parameters.values().forEach(p -> p.setRequiresGradient(true));
    }

    /** Called with k before optimizer step k (LoRA draws the step's dropout masks from it). */
    public void beforeEachStep(LongConsumer hook) {
        this.beforeStep = hook;
    }

    /**
     * Continues from a checkpoint: {@code stepsDone} optimizer steps taken over {@code rowsConsumed} rows, with the
     * optimizer moments saved then. Nothing else carries state (the row order is a function of the seed, LoRA's
     * dropout masks a function of the seed and the step number).
     */
    public void restore(long stepsDone, long rowsConsumed, Map<String, NDArray> optimizerState) {
        step = stepsDone;
        cursor = new RowCursor(rows.size(), config.shuffle(), config.seed(), rowsConsumed);
        optimizer.restore(optimizerState, stepsDone);
    }

    public long rowsConsumed() {
        return cursor.consumed();
    }

    public Map<String, NDArray> optimizerState() {
        return optimizer.state();
    }

    public long totalSteps() {
        return totalSteps;
    }

    public long stepsDone() {
        return step;
    }

    public boolean done() {
        return step >= totalSteps;
    }

    public double learningRate(long k) {
        return config.lrScheduler().rate(config.learningRate(), k, config.warmupSteps(), totalSteps);
    }

    /** One optimizer step; returns its metrics row (TRL's names). */
    public Map<String, Object> step() {
        long k = step + 1;
        beforeStep.accept(k);
        double lr = learningRate(k);
        List<List<R>> micro = new ArrayList<>();
        for (int j = 0; j < config.gradAccumSteps(); j++) {
            List<R> batch = new ArrayList<>(config.batchSize());
            for (int i = 0; i < config.batchSize(); i++) {
                batch.add(rows.get(cursor.next()));
            }
            micro.add(batch);
        }
        long t0 = System.nanoTime();
        Map<String, Object> row = new LinkedHashMap<>();
        try (NDManager s = manager.newSubManager()) {
            Map<String, Double> metrics = objective.step(micro, s);
            double loss = metrics.get("loss");
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged at step " + k + ": loss is " + loss);
            }
            GradientStep grads = new GradientStep(parameters, s);
            double norm = grads.norm();
            grads.clip(norm, config.maxGradNorm());
            optimizer.update(parameters, grads.gradients(), lr, s);
            grads.zero();
            step = k;
            double seconds = (System.nanoTime() - t0) / 1e9;
            row.put("step", k);
            row.put("epoch", cursor.epoch());
            row.put("loss", loss);
            row.put("learning_rate", lr);
            row.put("grad_norm", norm);
            row.put("tokens_per_second", objective.tokens(micro) / seconds);
            row.put("elapsed_seconds", (System.nanoTime() - startNanos) / 1e9);
            metrics.forEach((key, v) -> {
                if (!key.equals("loss")) {
                    row.put(key, v);
                }
            });
        }
        return row;
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
