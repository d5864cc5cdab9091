package dev.codedpo.models.tokenizer;

import java.util.List;

/**
 * Special tokens from tokenizer_config.json, resolved to ids. {@code addBos} says whether encoding with special tokens
 * puts BOS first (the tokenizer.json post-processor does the actual adding).
 */
public record SpecialTokens(Long bosId, Long eosId, Long padId, Long unkId, boolean addBos) {
    public List<Long> eosIds() {
        return eosId == null ? List.of() : List.of(eosId);
    }
}
