package dev.codedpo.data.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What became of one kind of sample. Codes: {@code raw} completions, {@code parsed} codes kept, {@code dropped} by
 * reason (empty, syntax_error, duplicate). Tests: {@code raw} test samples, {@code parsed} assert statements kept;
 * {@code dropped} counts samples (syntax_error: nothing parsed; no_assert: parsed but no assert), statements
 * (not_an_assert) and asserts (duplicate); {@code cut_at_syntax_error} samples kept their asserts before an error.
 */
public record SampleCounts(
        @JsonProperty("raw") int raw,
        @JsonProperty("parsed") int parsed,
        @JsonProperty("dropped") Map<String, Integer> dropped) {
    public SampleCounts {
        dropped = new LinkedHashMap<>(dropped);
    }

    public static SampleCounts empty() {
        return new SampleCounts(0, 0, Map.of());
    }

    public SampleCounts plus(SampleCounts o) {
        Map<String, Integer> d = new LinkedHashMap<>(dropped);
        o.dropped.forEach((k, v) -> d.merge(k, v, Integer::sum));
        return new SampleCounts(raw + o.raw, parsed + o.parsed, d);
    }
}
