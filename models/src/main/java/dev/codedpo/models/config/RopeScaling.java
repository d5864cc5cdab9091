package dev.codedpo.models.config;

/**
 * Rotary position scaling from config.json's {@code rope_scaling}. Only linear scaling (positions divided by
 * {@code factor}, as DeepSeek-Coder and CodeLlama variants use) is implemented; {@link #NONE} is the plain rotary
 * embedding.
 */
public record RopeScaling(String type, double factor) {
    public static final RopeScaling NONE = new RopeScaling("default", 1.0);

    public RopeScaling {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("rope scaling factor must be > 0, got " + factor);
        }
    }
}
