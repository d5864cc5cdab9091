package dev.codedpo.models.chat.jinja;

import com.hubspot.jinjava.objects.collections.PyList;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstRightValue;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;

/** {@code base[start:stop:step]} with Python's rules: negative and out-of-range bounds, any non-zero step. */
final class AstSlice extends AstRightValue {
    private final AstNode base;
    private final AstNode start;
    private final AstNode stop;
    private final AstNode step;

    AstSlice(AstNode base, AstNode start, AstNode stop, AstNode step) {
        this.base = base;
        this.start = start;
        this.stop = stop;
        this.step = step;
    }

    @Override
    public Object eval(Bindings bindings, ELContext context) {
        Object value = base.eval(bindings, context);
        if (value == null) {
            throw new ELException("cannot slice an undefined value");
        }
        if (value instanceof CharSequence s) {
            int[] codePoints = s.toString().codePoints().toArray();
            StringBuilder out = new StringBuilder();
            for (int i : indices(codePoints.length, bindings, context)) {
                out.appendCodePoint(codePoints[i]);
            }
            return out.toString();
        }
        List<Object> items = new ArrayList<>();
        if (value instanceof Iterable<?> it) {
            it.forEach(items::add);
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
        } else {
            throw new ELException("cannot slice a " + value.getClass().getSimpleName());
        }
        List<Object> out = new ArrayList<>();
        for (int i : indices(items.size(), bindings, context)) {
            out.add(items.get(i));
        }
        return new PyList(out);
    }

    /** The positions a Python slice of a sequence of this length visits, in order. */
    private List<Integer> indices(int length, Bindings bindings, ELContext context) {
        long by = bound(step, 1, bindings, context);
        if (by == 0) {
            throw new ELException("slice step cannot be zero");
        }
        long from;
        long to;
        if (by > 0) {
            from = clamp(bound(start, 0, bindings, context), length, 0, length);
            to = clamp(bound(stop, length, bindings, context), length, 0, length);
        } else {
            from = clamp(bound(start, length - 1, bindings, context), length, -1, length - 1);
            to = stop == null ? -1 : clamp(bound(stop, -1, bindings, context), length, -1, length - 1);
        }
        List<Integer> out = new ArrayList<>();
        for (long i = from; by > 0 ? i < to : i > to; i += by) {
            out.add((int) i);
        }
        return out;
    }

    private static long clamp(long index, int length, long low, long high) {
        long i = index < 0 ? index + length : index;
        return Math.max(low, Math.min(high, i));
    }

    private static long bound(AstNode node, long absent, Bindings bindings, ELContext context) {
        if (node == null) {
            return absent;
        }
        Object v = node.eval(bindings, context);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Number n)) {
            throw new ELException("slice indices must be integers, got " + v);
        }
        return n.longValue();
    }

    @Override
    public void appendStructure(StringBuilder b, Bindings bindings) {
        base.appendStructure(b, bindings);
        b.append('[');
        append(b, start, bindings);
        b.append(':');
        append(b, stop, bindings);
        b.append(':');
        append(b, step, bindings);
        b.append(']');
    }

    private static void append(StringBuilder b, AstNode node, Bindings bindings) {
        if (node != null) {
            node.appendStructure(b, bindings);
        }
    }

    @Override
    public int getCardinality() {
        return 4;
    }

    @Override
    public AstNode getChild(int i) {
        return switch (i) {
            case 0 -> base;
            case 1 -> start;
            case 2 -> stop;
            case 3 -> step;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "[::]";
    }
}
