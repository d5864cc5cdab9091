package dev.codedpo.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one config flow: typed defaults, overlaid by a YAML file, overlaid by options given on the command line.
 * Config records name their fields in snake_case (as in the YAML); unknown YAML keys are errors, not silently ignored.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * @param overrides command-line values by YAML key; only options the user actually gave belong here
     */
    public static <T> T load(T defaults, Path yaml, Map<String, Object> overrides, Class<T> type) {
        ObjectMapper json = Json.MAPPER;
        ObjectNode tree = json.valueToTree(defaults);
        if (yaml != null) {
            tree.setAll(readYaml(yaml, tree));
        }
        overrides.forEach((k, v) -> tree.set(k, json.valueToTree(v)));
        try {
            return Json.YAML.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new InputException("invalid configuration: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InputException("invalid configuration: " + rootMessage(e));
        }
    }

    private static ObjectNode readYaml(Path yaml, ObjectNode known) {
        JsonNode node;
        try {
            node = Json.YAML.readTree(Files.readString(yaml));
        } catch (NoSuchFileException e) {
            throw new InputException(yaml + ": no such file");
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw InputException.at(yaml, line, "invalid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(yaml + ": cannot read: " + e.getMessage(), e);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new InputException(yaml + ": expected a mapping of option: value");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!known.has(name)) {
                throw new InputException(yaml + ": unknown key '" + name + "' (known keys: "
                        + String.join(", ", (Iterable<String>) known::fieldNames) + ")");
            }
        });
        return (ObjectNode) node;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

}
