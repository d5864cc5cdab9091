package dev.codedpo.models.chat.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/** Jinja2's trim(value, chars=None): Python's str.strip, so Unicode spaces go too (Java's trim keeps them). */
final class TrimFilter implements Filter {
    @Override
    public String getName() {
        return "trim";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        if (var == null) {
            return "";
        }
        String chars = args.length > 0 ? args[0] : null;
        return PyStrings.strip(PyStr.str(var), chars, true, true);
    }
}
