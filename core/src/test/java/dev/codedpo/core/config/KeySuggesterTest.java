package dev.codedpo.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySuggesterTest {
    private static final List<String> KEYS = List.of("learning_rate", "epochs", "seed", "max_steps", "lora",
            "lora.rank", "lora.alpha", "warmup_ratio");

    @Test
    void suggestsWhatTheTypistMostLikelyMeant() {
        assertEquals(Optional.of("epochs"), KeySuggester.closest("epohcs", KEYS));
        assertEquals(Optional.of("epochs"), KeySuggester.closest("epoch", KEYS));
        assertEquals(Optional.of("learning_rate"), KeySuggester.closest("lr", KEYS));
        assertEquals(Optional.of("learning_rate"), KeySuggester.closest("learning-rate", KEYS));
        assertEquals(Optional.of("max_steps"), KeySuggester.closest("maxSteps", KEYS));
        assertEquals(Optional.of("lora.rank"), KeySuggester.closest("rank", KEYS));
        assertEquals(Optional.of("lora.rank"), KeySuggester.closest("lora_rank", KEYS));
        assertEquals(Optional.of("lora.alpha"), KeySuggester.closest("lora.alpah", KEYS));
        assertEquals(Optional.of("seed"), KeySuggester.closest("seeds", KEYS));
    }

    @Test
    void noSuggestionRatherThanARandomOne() {
        assertEquals(Optional.empty(), KeySuggester.closest("batch_size", KEYS));
        assertEquals(Optional.empty(), KeySuggester.closest("zz", KEYS));
        assertEquals(Optional.empty(), KeySuggester.closest("lora.dropout", KEYS));
    }

    @Test
    void editDistanceCountsASwapAsOneEdit() {
        assertEquals(1, KeySuggester.distance("epohcs", "epochs"));
        assertEquals(3, KeySuggester.distance("kitten", "sitting"));
        assertEquals(0, KeySuggester.distance("", ""));
    }
}
