package dev.codedpo.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one config flow of every command: record defaults &lt; YAML file &lt; {@code --set key=value} &lt; the
 * command's own options. How a command uses it:
 * <pre>{@code
 * record Lora(@Describe("adapter rank") @JsonProperty("rank") int rank, @JsonProperty("alpha") double alpha) {}
 * record TrainConfig(@Describe("peak learning rate") @JsonProperty("learning_rate") double learningRate,
 *         Lora lora) {}      // a block; keys are @JsonProperty names, else component names; validate in constructors
 * Map<String, Object> options = new HashMap<>();       // the command's own options; null values count as not given
 * options.put("lora.rank", rankOption);
 * TrainConfig cfg = ConfigLoader.load(TrainConfig.class, TrainConfig.defaults(), yamlOrNull, setTexts, options);
 * }</pre>
 * Blocks merge key by key ({@code lora: {rank: 4}} keeps the default alpha). Every mistake is an
 * {@link InputException} naming the source and the key path: {@code train.yaml: lora.rank: expected an integer,
 * got "eight"}, {@code --set lr: unknown key (did you mean learning_rate?)}, {@code invalid configuration: <what the
 * record's constructor said>}. Help text and a commented YAML of the defaults come from {@link ConfigDocs}.
 * Relative paths stay relative to the working directory, not to the YAML file.
 */
public final class ConfigLoader {
    /** Message prefixes naming where a value came from: {@code "--set lr: ..."}, {@code "option lora.rank: ..."}. */
    private static final String SET = "--set ";
    private static final String OPTIONS = "option ";

    private ConfigLoader() {}

    /**
     * Loads a config record.
     *
     * @param yaml    settings file, or null for none; an empty file changes nothing
     * @param sets    {@code key=value} texts of {@code --set}, later ones winning; dotted keys reach into blocks;
     *                the value is typed by the key (see {@link ConfigDocs#SET_RULES})
     * @param options the command's own options by dotted key, applied last; null values are skipped (not given);
     *                a String value is read like a {@code --set} value, any other value as it is
     */
    public static <T extends Record> T load(Class<T> type, T defaults, Path yaml, List<String> sets,
                                            Map<String, ?> options) {
        Objects.requireNonNull(defaults, "defaults");
        RecordSchema schema = RecordSchema.of(type);
        ObjectNode tree = (ObjectNode) ConfigTree.of(defaults);
        if (yaml != null) {
            String source = yaml + ": ";
            JsonNode given = readYaml(yaml);
            inSource(source, () -> merge(tree, schema, given, "", schema));
        }
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new InputException(SET + set + ": expected key=value, e.g. --set lora.rank=8");
            }
            String key = set.substring(0, eq).trim();
            String raw = set.substring(eq + 1);
            inSource(SET, () -> put(tree, schema, key, t -> Coerce.text(t, raw, key)));
        }
        options.forEach((key, value) -> {
            if (value != null) {
                inSource(OPTIONS, () -> put(tree, schema, key, t -> value instanceof String s
                        ? Coerce.text(t, s, key) : Coerce.value(t, ConfigTree.of(value), key)));
            }
        });
        return bind(tree, type);
    }

    /**
     * The first config flow, kept for its callers: top-level keys only in {@code overrides}, no {@code --set}.
     *
     * @param overrides command-line values by YAML key; only options the user actually gave belong here
     */
    public static <T> T load(T defaults, Path yaml, Map<String, Object> overrides, Class<T> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        T loaded = (T) load((Class) type, (Record) defaults, yaml, List.of(), overrides);
        return loaded;
    }

    private static void inSource(String source, Runnable step) {
        try {
            step.run();
        } catch (ConfigProblem p) {
            throw new InputException(source + p.path() + ": " + p.what());
        }
    }

    static JsonNode readYaml(Path yaml) {
        JsonNode node;
        try {
            node = Json.YAML.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .readTree(Files.readString(yaml));
        } catch (NoSuchFileException e) {
            throw new InputException(yaml + ": no such file");
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw InputException.at(yaml, line, "invalid YAML: " + YamlErrors.oneLine(e));
        } catch (IOException e) {
            throw new InputException(yaml + ": cannot read: " + e.getMessage(), e);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new InputException(yaml + ": expected a mapping of key: value, got " + ValueText.kindOf(node));
        }
        return node;
    }

    /** Deep merge of {@code given} into {@code target}: blocks key by key, leaves replaced after typing. */
    private static void merge(ObjectNode target, RecordSchema schema, JsonNode given, String prefix,
                              RecordSchema root) {
        var fields = given.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            RecordSchema.Key key = schema.key(field.getKey());
            if (key == null) {
                throw unknown(path, schema, root);
            }
            setOrMerge(target, key, field.getValue(), path, root);
        }
    }

    private static void setOrMerge(ObjectNode target, RecordSchema.Key key, JsonNode value, String path,
                                   RecordSchema root) {
        if (key.type().kind() == KeyType.Kind.BLOCK) {
            if (value.isNull() && key.type().nullable()) {
                // An optional block switched off (lora: null = no adapter).
                target.set(key.name(), value);
                return;
            }
            if (!value.isObject()) {
                throw new ConfigProblem(path, "expected a mapping of keys, got " + ValueText.kindOf(value));
            }
            JsonNode current = target.get(key.name());
            ObjectNode block = current instanceof ObjectNode o ? o : switchedOn(target, key);
            merge(block, key.type().block(), value, path, root);
        } else {
            target.set(key.name(), Coerce.value(key.type(), value, path));
        }
    }

    /** Sets one dotted key; {@code typed} turns the given value into a node for the key's type. */
    private static void put(ObjectNode tree, RecordSchema root, String dotted, Function<KeyType, JsonNode> typed) {
        String[] parts = dotted.split("\\.", -1);
        ObjectNode target = tree;
        RecordSchema schema = root;
        for (int i = 0; i < parts.length; i++) {
            String path = String.join(".", List.of(parts).subList(0, i + 1));
            if (parts[i].isEmpty()) {
                throw new ConfigProblem(dotted, "malformed key (expected names joined by dots, e.g. lora.rank)");
            }
            RecordSchema.Key key = schema.key(parts[i]);
            if (key == null) {
                throw unknown(dotted, schema, root);
            }
            boolean last = i == parts.length - 1;
            if (last) {
                JsonNode value = typed.apply(key.type());
                setOrMerge(target, key, value, path, root);
                return;
            }
            if (key.type().kind() != KeyType.Kind.BLOCK) {
                throw new ConfigProblem(dotted, "unknown key (" + path + " is " + key.type().describe()
                        + ", not a block of keys)");
            }
            JsonNode current = target.get(key.name());
            target = current instanceof ObjectNode o ? o : switchedOn(target, key);
            schema = key.type().block();
        }
    }

    /**
     * An optional block that was off (null) and is now given keys: it starts from its record's {@code defaults()}
     * where the record has one, so that {@code tasks: {seeds: dir}} keeps every other default of the block.
     */
    private static ObjectNode switchedOn(ObjectNode target, RecordSchema.Key key) {
        ObjectNode block = target.putObject(key.name());
        try {
            java.lang.reflect.Method defaults = key.type().block().type().getMethod("defaults");
            if (java.lang.reflect.Modifier.isStatic(defaults.getModifiers()) && defaults.getParameterCount() == 0) {
                block.setAll((ObjectNode) Json.YAML.valueToTree(defaults.invoke(null)));
            }
        } catch (NoSuchMethodException e) {
            // no defaults: the block's own constructor fills what is left out
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the defaults of " + key.name() + ": " + e, e);
        }
        return block;
    }

    private static ConfigProblem unknown(String path, RecordSchema block, RecordSchema root) {
        return new ConfigProblem(path, "unknown key " + KeySuggester.closest(path, root.allPaths(""))
                .map(s -> "(did you mean " + s + "?)")
                .orElseGet(() -> "(known keys here: " + block.keys().stream().map(RecordSchema.Key::name)
                        .collect(Collectors.joining(", ")) + ")"));
    }

    private static <T> T bind(ObjectNode tree, Class<T> type) {
        try {
            return Json.YAML.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable validation = validationFailure(e);
            if (validation != null) {
                throw new InputException("invalid configuration: " + validation.getMessage());
            }
            String where = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                    ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                            : "[" + r.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[") + ": "
                    : "";
            String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InputException("invalid configuration: " + where + what);
        }
    }

    /** What a record constructor threw, under Jackson's "Cannot construct instance of ..." wrapping. */
    private static Throwable validationFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!(t instanceof JsonProcessingException) && (t instanceof IllegalArgumentException
                    || t instanceof NullPointerException) && t.getMessage() != null) {
                return t;
            }
        }
        return null;
    }
}
