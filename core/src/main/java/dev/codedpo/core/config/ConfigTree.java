package dev.codedpo.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.Json;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Settings as a JSON tree, keyed as in the YAML. Paths are written as typed ({@code runs/a}), not as Jackson's
 * {@code file:///...} URIs, so that rendered defaults and recorded run settings read as the user wrote them.
 */
public final class ConfigTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigTree() {}

    /** The tree of a config record (or of a list, map, path or scalar); JSON trees are returned as they are. */
    public static JsonNode of(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof Path p) {
            return NODES.textNode(p.toString());
        }
        if (value instanceof Record r) {
            RecordSchema schema = RecordSchema.of(r.getClass());
            ObjectNode out = NODES.objectNode();
            for (RecordSchema.Key k : schema.keys()) {
                out.set(k.name(), of(schema.valueOf(k, r)));
            }
            return out;
        }
        if (value instanceof Collection<?> c) {
            ArrayNode out = NODES.arrayNode();
            c.forEach(e -> out.add(of(e)));
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode out = NODES.objectNode();
            m.forEach((k, v) -> out.set(String.valueOf(k), of(v)));
            return out;
        }
        return Json.MAPPER.valueToTree(value);
    }
}
