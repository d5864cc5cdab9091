package dev.codedpo.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with PyTorch's semantics: decoupled weight decay applied first (p <- p - lr wd p), then the Adam update with
 * bias correction and epsilon outside the square root: p <- p - lr m_hat / (sqrt(v_hat) + eps). Decay applies only
 * to tensors with two or more dimensions (not to norms or biases). The moments are ours, not DJL's (DJL keeps its
 * optimizer's state private, so it could not be saved for an exact resume).
 */
public final class AdamW implements AutoCloseable {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private long steps;

    public AdamW(NDManager parent, double beta1, double beta2, double epsilon, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
    }

    /** One update of every parameter from its (already clipped) gradient; {@code step} arrays are temporaries. */
    public void update(Map<String, NDArray> parameters, Map<String, NDArray> gradients, double lr, NDManager step) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, steps));
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            NDArray g = gradients.get(name);
            NDArray m = first.computeIfAbsent(name, k -> manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
            NDArray v = second.computeIfAbsent(name, k -> manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
            m.muli(beta1).addi(g.mul(1 - beta1));
            v.muli(beta2).addi(g.square().muli(1 - beta2));
            if (weightDecay > 0 && p.getShape().dimension() >= 2) {
                p.muli(1 - lr * weightDecay);
            }
            // Results attach to the receiver's manager: move the temporaries made from the moments to the step's
            // (DJL-NOTES hazard 7), or the optimizer's manager grows every step.
            NDArray denom = v.sqrt();
            denom.attach(step);
            denom.divi(correction2Sqrt).addi(epsilon);
            NDArray delta = m.div(denom);
            delta.attach(step);
            p.subi(delta.muli(lr / correction1));
        }
    }

    public long steps() {
        return steps;
    }

    /** The moments by parameter name ({@code exp_avg.NAME}, {@code exp_avg_sq.NAME}) for checkpoints. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        first.forEach((k, v) -> out.put("exp_avg." + k, v));
        second.forEach((k, v) -> out.put("exp_avg_sq." + k, v));
        return out;
    }

    /** Restores moments saved by {@link #state()} after {@code stepsDone} updates. */
    public void restore(Map<String, NDArray> state, long stepsDone) {
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            String key = e.getKey();
            NDArray copy = e.getValue().duplicate();
            copy.attach(manager);
            if (key.startsWith("exp_avg_sq.")) {
                second.put(key.substring("exp_avg_sq.".length()), copy);
            } else if (key.startsWith("exp_avg.")) {
                first.put(key.substring("exp_avg.".length()), copy);
            } else {
                throw new IllegalArgumentException("unexpected optimizer state " + key);
            }
        }
        steps = stepsDone;
    }

    @Override
    public void close() {
        manager.close();
    }
}
