package dev.codedpo.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Activation checkpointing per decoder layer, as a layer-wise backward pass (DJL has no checkpoint op). A recorded
 * forward pass of a model with checkpoints installed runs its decoder layers without recording, keeping only each
 * layer's input; the layers above hand the loss head a fresh leaf x_L. After the loss's own backward pass has put
 * dL/dx_L there, {@link #backward} walks the layers from the top down: it recomputes layer i from its kept input
 * (a new leaf, recorded) and back-propagates sum(layer_i(x_i) * dL/dx_{i+1}), whose gradient is exactly the chain
 * rule's, leaving the parameters' gradients and dL/dx_i; the embedding gets the last one. Peak memory: the kept
 * inputs plus one layer's recorded activations, instead of every layer's.
 */
public final class LayerCheckpoints {
    /** One recorded forward pass waiting for its layer-wise backward. */
    private record Pending(NDArray embedded, boolean trainedEmbedding, List<NDArray> inputs, NDArray top,
                           BiFunction<Integer, NDArray, NDArray> layer) {}

    private final List<Pending> pending = new ArrayList<>();

    /**
     * The trunk of a recorded forward pass: layers 0..L-1 applied to {@code embedded} without recording, returning
     * the leaf that stands for their output; {@code trainedEmbedding}: whether the embedding's weight records a
     * gradient (then the layer-wise backward ends in the embedding).
     */
    NDArray forward(NDArray embedded, boolean trainedEmbedding, int layers,
                    BiFunction<Integer, NDArray, NDArray> layer) {
        List<NDArray> inputs = new ArrayList<>(layers);
        JniUtils.setGradMode(false);
        NDArray x;
        try {
            // A copy made without recording: stopGradient() detaches the embedding output itself in place.
            x = embedded.duplicate();
            for (int i = 0; i < layers; i++) {
                inputs.add(x);
                x = layer.apply(i, x);
            }
        } finally {
            JniUtils.setGradMode(true);
        }
        NDArray top = leaf(x);
        pending.add(new Pending(embedded, trainedEmbedding, inputs, top, layer));
        return top;
    }

    /** True while a recorded forward pass waits for {@link #backward}. */
    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Back-propagates through the layers of every pending forward pass (most recent first), after the loss's own
     * backward pass; gradients add up in the parameters as usual.
     */
    public void backward(GradientCollector collector) {
        try {
            for (int p = pending.size() - 1; p >= 0; p--) {
                Pending f = pending.get(p);
                NDManager outer = f.top().getManager();
                NDArray upstream = f.top().getGradient();
                for (int i = f.inputs().size() - 1; i >= 0; i--) {
                    // One layer's recomputation lives in its own manager, closed once its input's gradient is
                    // out: the kept inputs plus one layer's activations at a time, as the memory plan counts.
                    try (NDManager layerScope = outer.newSubManager()) {
                        NDArray x = f.inputs().get(i).duplicate();
                        x.attach(layerScope);
                        x.setRequiresGradient(true);
                        NDArray out = f.layer().apply(i, x);
                        collector.backward(out.mul(upstream).sum());
                        NDArray g = x.getGradient();
                        g.attach(outer);
                        upstream.close();
                        upstream = g;
                    }
                    f.inputs().get(i).close();
                }
                if (f.trainedEmbedding()) {
                    collector.backward(f.embedded().mul(upstream).sum());
                }
            }
        } finally {
            pending.clear();
        }
    }

    /** Forgets pending passes (a forward pass whose loss was not back-propagated). */
    public void clear() {
        pending.clear();
    }

    private static NDArray leaf(NDArray x) {
        NDArray copy = x.duplicate();
        copy.setRequiresGradient(true);
        return copy;
    }
}
