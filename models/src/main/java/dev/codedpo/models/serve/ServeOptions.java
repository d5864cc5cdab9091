package dev.codedpo.models.serve;

/**
 * How the server answers.
 *
 * @param modelName          the id of the one model served (what /v1/models lists and requests may name)
 * @param apiKey             the key clients must send as "Authorization: Bearer KEY"; null for none
 * @param defaultTemperature temperature when a request gives none (the model's generation_config.json, else 1)
 * @param defaultTopP        top_p when a request gives none
 */
public record ServeOptions(String modelName, String apiKey, double defaultTemperature, double defaultTopP) {
    public ServeOptions {
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("the served model needs a name");
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("an API key must not be blank");
        }
        if (!(defaultTemperature >= 0 && defaultTemperature <= 2)) {
            throw new IllegalArgumentException("default temperature must be in [0, 2], got " + defaultTemperature);
        }
        if (!(defaultTopP > 0 && defaultTopP <= 1)) {
            throw new IllegalArgumentException("default top_p must be in (0, 1], got " + defaultTopP);
        }
    }

    public static ServeOptions of(String modelName) {
        return new ServeOptions(modelName, null, 1.0, 1.0);
    }

    public ServeOptions withApiKey(String key) {
        return new ServeOptions(modelName, key, defaultTemperature, defaultTopP);
    }
}
