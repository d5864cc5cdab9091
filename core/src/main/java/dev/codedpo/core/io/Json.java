package dev.codedpo.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The project's shared Jackson mappers: one place decides how JSON and YAML are read and written. */
public final class Json {
    /** Single rows may hold long programs; Jackson's default 20 MB string cap is kept as the hard ceiling. */
    private static final StreamReadConstraints CONSTRAINTS =
            StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024).build();

    public static final ObjectMapper MAPPER = strictBuilder()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static final ObjectMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(CONSTRAINTS);
    }

    private Json() {}

    /**
     * How every reader of JSON in the project parses: a value followed by anything but whitespace (a second object
     * on the line, trailing garbage) and an object naming a key twice are errors. Jackson accepts both by default,
     * silently dropping the rest of the line or keeping the last duplicate; for user input that hides mistakes.
     */
    public static JsonMapper.Builder strictBuilder() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** One JSON line, no trailing newline. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
