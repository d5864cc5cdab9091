package dev.codedpo.models.chat.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;

/** transformers' tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False). */
final class TojsonFilter implements Filter {
    private static final List<String> PARAMETERS = List.of("ensure_ascii", "indent", "separators", "sort_keys");

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object[] values = new Object[PARAMETERS.size()];
        for (int i = 0; i < args.length; i++) {
            if (i >= values.length) {
                throw new IllegalArgumentException("tojson takes at most " + values.length + " arguments");
            }
            values[i] = args[i];
        }
        kwargs.forEach((name, value) -> {
            int i = PARAMETERS.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("tojson has no argument " + name);
            }
            values[i] = value;
        });
        List<?> separators = values[2] instanceof List<?> l ? l : null;
        if (values[2] != null && separators == null) {
            throw new IllegalArgumentException("tojson separators must be a pair of strings");
        }
        return PyJson.dumps(var, PyJson.options(Boolean.TRUE.equals(values[0]), values[1], separators,
                Boolean.TRUE.equals(values[3])));
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, args, Map.of());
    }
}
