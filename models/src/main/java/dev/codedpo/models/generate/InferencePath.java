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

    /** Environment variable overriding the default path (a diagnostic escape hatch): scripted, fused, parameters. */
    public static final String ENV = "CODEDPO_INFERENCE_PATH";

    /**
     * The path generation and scoring use by default: {@link #SCRIPTED}, unless the system property
     * {@code codedpo.inference.path} or the environment variable {@value #ENV} names another.
     */
    public static InferencePath configured() {
        String v = System.getProperty("codedpo.inference.path", System.getenv(ENV));
        if (v == null || v.isBlank()) {
            return SCRIPTED;
        }
        try {
            return parse(v.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV + ": " + e.getMessage(), e);
        }
    }

    public static InferencePath parse(String name) {
        for (InferencePath p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown inference path \"" + name + "\" (scripted, fused or parameters)");
    }
}
