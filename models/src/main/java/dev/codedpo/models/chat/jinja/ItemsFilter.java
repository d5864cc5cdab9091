package dev.codedpo.models.chat.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.collections.PyList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Jinja2's items filter: a mapping's (key, value) pairs, for {@code for k, v in x | items}. */
final class ItemsFilter implements Filter {
    @Override
    public String getName() {
        return "items";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        List<Object> pairs = new ArrayList<>();
        if (var instanceof Map<?, ?> m) {
            m.forEach((k, v) -> pairs.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        } else if (var != null) {
            throw new IllegalArgumentException("items needs a mapping, got " + var);
        }
        return new PyList(pairs);
    }
}
