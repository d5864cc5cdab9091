package dev.codedpo.models.chat.jinja;

import com.hubspot.jinjava.objects.collections.PyList;
import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;
import jinjava.javax.el.ELResolver;

/**
 * Indexing of strings ({@code role[0]}, {@code text[-1]}, by code point as Python counts), and calls of Python's
 * str methods on strings ({@code content.startswith('<tool_response>')},
 * {@code content.split('</think>')[-1].lstrip('\n')}). Jinjava would otherwise call Java's String methods, which
 * are missing (startswith), or differ (split takes a regular expression and drops trailing empty parts).
 */
final class PyStringMethods extends ELResolver {
    static final Set<String> METHODS = Set.of("strip", "lstrip", "rstrip", "split", "startswith", "endswith",
            "upper", "lower", "title", "capitalize", "replace", "find", "count", "join", "isspace", "isdigit",
            "isalpha");

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof CharSequence chars) || !(method instanceof String name) || !METHODS.contains(name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(chars.toString(), name, args);
        context.setPropertyResolved(true);
        return result;
    }

    private static Object call(String s, String name, Object[] args) {
        return switch (name) {
            case "strip" -> PyStrings.strip(s, optString(args, 0, name), true, true);
            case "lstrip" -> PyStrings.strip(s, optString(args, 0, name), true, false);
            case "rstrip" -> PyStrings.strip(s, optString(args, 0, name), false, true);
            case "split" -> new PyList(new ArrayList<>(PyStrings.split(s, optString(args, 0, name),
                    args.length > 1 ? integer(args[1], name) : -1)));
            case "startswith" -> affixes(args, name).stream().anyMatch(s::startsWith);
            case "endswith" -> affixes(args, name).stream().anyMatch(s::endsWith);
            case "upper" -> s.toUpperCase();
            case "lower" -> s.toLowerCase();
            case "title" -> PyStrings.title(s);
            case "capitalize" -> PyStrings.capitalize(s);
            case "replace" -> PyStrings.replace(s, string(arg(args, 0, name), name), string(arg(args, 1, name), name),
                    args.length > 2 ? integer(args[2], name) : -1);
            case "find" -> (long) s.indexOf(string(arg(args, 0, name), name));
            case "count" -> count(s, string(arg(args, 0, name), name));
            case "join" -> join(s, arg(args, 0, name));
            case "isspace" -> !s.isEmpty() && s.codePoints().allMatch(PyStrings::isSpace);
            case "isdigit" -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            default -> throw new IllegalStateException(name);
        };
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String separator, Object items) {
        if (!(items instanceof Iterable<?> it)) {
            throw new ELException("str.join needs a list, got " + items);
        }
        StringBuilder out = new StringBuilder();
        for (Iterator<?> i = it.iterator(); i.hasNext(); ) {
            out.append(string(i.next(), "join"));
            if (i.hasNext()) {
                out.append(separator);
            }
        }
        return out.toString();
    }

    /** A prefix or suffix argument: one string, or a tuple of them. */
    private static List<String> affixes(Object[] args, String name) {
        Object a = arg(args, 0, name);
        List<String> out = new ArrayList<>();
        if (a instanceof Iterable<?> it) {
            it.forEach(x -> out.add(string(x, name)));
        } else {
            out.add(string(a, name));
        }
        return out;
    }

    private static Object arg(Object[] args, int i, String name) {
        if (i >= args.length) {
            throw new ELException("str." + name + "() is missing argument " + (i + 1));
        }
        return args[i];
    }

    private static String optString(Object[] args, int i, String name) {
        return i < args.length && args[i] != null ? string(args[i], name) : null;
    }

    private static String string(Object o, String name) {
        if (o instanceof CharSequence c) {
            return c.toString();
        }
        throw new ELException("str." + name + "() needs a string argument, got " + o);
    }

    private static int integer(Object o, String name) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        throw new ELException("str." + name + "() needs an integer argument, got " + o);
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        Long index = index(property);
        if (!(base instanceof CharSequence chars) || index == null) {
            return null;
        }
        int[] codePoints = chars.toString().codePoints().toArray();
        long i = index < 0 ? index + codePoints.length : index;
        if (i < 0 || i >= codePoints.length) {
            throw new ELException("string index " + index + " out of range");
        }
        context.setPropertyResolved(true);
        return new String(codePoints, (int) i, 1);
    }

    /** Jinjava hands the index over as a number or, from its own resolver, as the number's text. */
    private static Long index(Object property) {
        if (property instanceof Integer || property instanceof Long) {
            return ((Number) property).longValue();
        }
        if (property instanceof String s && s.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(s);
        }
        return null;
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // strings are immutable; other resolvers report the failure
    }
}
