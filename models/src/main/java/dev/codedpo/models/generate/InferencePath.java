package dev.codedpo.models.generate;

/** How generation runs the model's forward pass; all three give the same logits to float rounding. */
public enum InferencePath {
    /**
     * One TorchScript call per step, with weights pre-packed for the batch size on CPU (the default; falls back to
     * {@link #FUSED} where the engine cannot run the script).
     */
    SCRIPTED,
    /** DJL ops over fused inference copies of the weights (fewer engine calls than the parameter path). */
    FUSED,
    /** DJL ops over the parameters themselves, as in training. */
    PARAMETERS;

    public static InferencePath parse(String name) {
        for (InferencePath p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown inference path \"" + name + "\" (scripted, fused or parameters)");
    }
}
