package dev.codedpo.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The keys of a config record in declaration order: YAML name, type and description of each component. */
final class RecordSchema {
    record Key(String name, KeyType type, String description, Method accessor) {}

    private static final ClassValue<RecordSchema> CACHE = new ClassValue<>() {
        @Override
        protected RecordSchema computeValue(Class<?> type) {
            return new RecordSchema(type);
        }
    };

    private final Class<?> type;
    private final Map<String, Key> keys = new LinkedHashMap<>();

    private RecordSchema(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        this.type = type;
        for (RecordComponent c : type.getRecordComponents()) {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            Describe d = c.getAnnotation(Describe.class);
            String name = jsonName(c);
            keys.put(name, new Key(name, KeyType.of(c.getGenericType()), d == null ? "" : d.value(), accessor));
        }
    }

    static RecordSchema of(Class<?> type) {
        return CACHE.get(type);
    }

    Class<?> type() {
        return type;
    }

    Key key(String name) {
        return keys.get(name);
    }

    List<Key> keys() {
        return Collections.unmodifiableList(new ArrayList<>(keys.values()));
    }

    Object valueOf(Key key, Object record) {
        try {
            return key.accessor().invoke(record);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + key.name(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("accessor of " + type.getSimpleName() + "." + key.name() + " failed",
                    e.getCause());
        }
    }

    /** Every key path below this record, blocks and leaves, with dots: {@code lora}, {@code lora.rank}. */
    List<String> allPaths(String prefix) {
        List<String> out = new ArrayList<>();
        for (Key k : keys.values()) {
            String path = prefix.isEmpty() ? k.name() : prefix + "." + k.name();
            out.add(path);
            if (k.type().kind() == KeyType.Kind.BLOCK) {
                out.addAll(k.type().block().allPaths(path));
            }
        }
        return out;
    }

    /** Jackson's name for the component: @JsonProperty propagates to the field and the accessor, not the component. */
    private String jsonName(RecordComponent c) {
        for (AnnotatedElement e : annotated(c)) {
            JsonProperty p = e.getAnnotation(JsonProperty.class);
            if (p != null && !p.value().isEmpty()) {
                return p.value();
            }
        }
        return c.getName();
    }

    private List<AnnotatedElement> annotated(RecordComponent c) {
        List<AnnotatedElement> out = new ArrayList<>();
        out.add(c.getAccessor());
        try {
            out.add(type.getDeclaredField(c.getName()));
        } catch (NoSuchFieldException e) {
            // a record always has the field; nothing to add if the JVM says otherwise
        }
        return out;
    }
}
