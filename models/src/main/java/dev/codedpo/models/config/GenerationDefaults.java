package dev.codedpo.models.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What generation_config.json contributes: the ids that end generation and the sampling defaults a model ships
 * with. Absent file or fields fall back to config.json's ids and plain sampling.
 */
public record GenerationDefaults(Integer bosTokenId, List<Integer> eosTokenIds, Integer padTokenId,
                                 Double temperature, Double topP, Integer topK, Boolean doSample) {

    public GenerationDefaults {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    public static GenerationDefaults read(Path file, ModelConfig config) {
        if (!Files.exists(file)) {
            return new GenerationDefaults(config.bosTokenId(), config.eosTokenIds(), null, null, null, null, null);
        }
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(file));
            List<Integer> eos = ModelConfigReader.idList(n, "eos_token_id");
            return new GenerationDefaults(
                    n.hasNonNull("bos_token_id") ? n.get("bos_token_id").asInt() : config.bosTokenId(),
                    eos.isEmpty() ? config.eosTokenIds() : eos,
                    n.hasNonNull("pad_token_id") && n.get("pad_token_id").isInt() ? n.get("pad_token_id").asInt() : null,
                    n.hasNonNull("temperature") ? n.get("temperature").asDouble() : null,
                    n.hasNonNull("top_p") ? n.get("top_p").asDouble() : null,
                    n.hasNonNull("top_k") ? n.get("top_k").asInt() : null,
                    n.hasNonNull("do_sample") ? n.get("do_sample").asBoolean() : null);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(file + ": cannot read generation config: " + e.getMessage(), e);
        }
    }
}
