package dev.codedpo.data.world;

import java.util.ArrayList;
import java.util.List;

/**
 * The correct solutions of a task, reference first. The reference is the plain one-liner; the alternatives do the
 * same with more work (so that correct codes of one task differ in speed, as CodeDPO's efficiency pairs need).
 */
public final class Solutions {
    private static final String I1 = "    ";
    private static final String I2 = I1 + I1;
    private static final String I3 = I2 + I1;

    private Solutions() {}

    public static List<Solution> of(TaskSpec t) {
        List<Solution> out = new ArrayList<>();
        out.add(new Solution("reference", Solution.Growth.REFERENCE,
                I1 + "return " + t.aggregation().apply(t.comprehension()) + "\n"));
        out.add(new Solution("loop", Solution.Growth.CONSTANT_FACTOR, loop(t)));
        if (!t.filter().keepsAll() && !t.mapping().isIdentity()) {
            out.add(new Solution("two_pass", Solution.Growth.CONSTANT_FACTOR, twoPass(t)));
        }
        SlowIdiom slow = t.aggregation().slow();
        if (slow != SlowIdiom.NONE) {
            Solution.Growth g = switch (slow) {
                case SORT_FOR_MAX, SORT_FOR_MIN -> Solution.Growth.LINEARITHMIC;
                case SORT_IN_LOOP -> Solution.Growth.QUADRATIC;
                // A list membership scan costs the number of distinct values so far: characters have few.
                case LIST_MEMBERSHIP -> t.aggregation().in() == ValueType.CHAR
                        ? Solution.Growth.CONSTANT_FACTOR : Solution.Growth.QUADRATIC;
                default -> Solution.Growth.CONSTANT_FACTOR;
            };
            out.add(new Solution(slow.name().toLowerCase(java.util.Locale.ROOT), g, slowIdiom(slow, t)));
        }
        return out;
    }

    /** An explicit loop that appends to a list, then the aggregation of that list. */
    static String loop(TaskSpec t) {
        String v = t.kind().var();
        StringBuilder b = new StringBuilder();
        b.append(I1).append("out = []\n");
        b.append(I1).append("for ").append(v).append(" in ").append(t.kind().param()).append(":\n");
        if (t.filter().keepsAll()) {
            b.append(I2).append("out.append(").append(t.mapping().expression()).append(")\n");
        } else {
            b.append(I2).append("if ").append(t.filter().condition()).append(":\n");
            b.append(I3).append("out.append(").append(t.mapping().expression()).append(")\n");
        }
        b.append(I1).append("return ").append(t.aggregation().apply("out")).append("\n");
        return b.toString();
    }

    /** The kept elements as an intermediate list, then a second pass that maps them. */
    static String twoPass(TaskSpec t) {
        String v = t.kind().var();
        return I1 + "kept = " + t.comprehension(v, t.kind().param()) + "\n"
                + I1 + "return " + t.aggregation().apply("[" + t.mapping().expression() + " for " + v
                + " in kept]") + "\n";
    }

    static String slowIdiom(SlowIdiom slow, TaskSpec t) {
        String vals = I1 + "vals = " + t.comprehension() + "\n";
        return switch (slow) {
            case SORT_FOR_MAX -> vals + I1 + "if not vals:\n" + I2 + "return 0\n" + I1 + "return sorted(vals)[-1]\n";
            case SORT_FOR_MIN -> vals + I1 + "if not vals:\n" + I2 + "return 0\n" + I1 + "return sorted(vals)[0]\n";
            case LIST_MEMBERSHIP -> vals + I1 + "seen = []\n" + I1 + "for v in vals:\n"
                    + I2 + "if v not in seen:\n" + I3 + "seen.append(v)\n" + I1 + "return len(seen)\n";
            case SORT_IN_LOOP -> vals + I1 + "out = []\n" + I1 + "for v in vals:\n"
                    + I2 + "out.append(v)\n" + I2 + "out.sort()\n" + I1 + "return out\n";
            case REPEATED_CONCAT -> vals + I1 + "text = ''\n" + I1 + "for v in vals:\n"
                    + I2 + "text = text + v\n" + I1 + "return text\n";
            case REPEATED_CONCAT_SPACED -> vals + I1 + "text = ''\n" + I1 + "for i in range(len(vals)):\n"
                    + I2 + "if i > 0:\n" + I3 + "text = text + ' '\n" + I2 + "text = text + vals[i]\n"
                    + I1 + "return text\n";
            case NONE -> throw new IllegalArgumentException("no slow idiom");
        };
    }
}
