package dev.codedpo.data.world;

import java.util.ArrayList;
import java.util.List;

/**
 * The primitive operations of the world and their text and code fragments. The phrasing is deliberately regular
 * (one wording per primitive) and the constants few: a model of a few million parameters has to learn it in minutes.
 */
public final class Primitives {
    private Primitives() {}

    public static List<Filter> filters(ElementKind kind) {
        List<Filter> f = new ArrayList<>();
        switch (kind) {
            case INTS -> {
                f.add(new Filter("all", kind, "nums", "the numbers in xs", null));
                f.add(new Filter("even", kind, "even", "the even numbers in xs", "x % 2 == 0"));
                f.add(new Filter("odd", kind, "odd", "the odd numbers in xs", "x % 2 == 1"));
                f.add(new Filter("positive", kind, "positive", "the positive numbers in xs", "x > 0"));
                f.add(new Filter("negative", kind, "negative", "the negative numbers in xs", "x < 0"));
                for (int k = 1; k <= 5; k++) {
                    f.add(new Filter("greater_than", kind, "above" + k, "the numbers in xs greater than " + k,
                            "x > " + k));
                    f.add(new Filter("less_than", kind, "below" + k, "the numbers in xs less than " + k,
                            "x < " + k));
                }
                for (int k = 3; k <= 5; k++) {
                    f.add(new Filter("divisible_by", kind, "div" + k, "the numbers in xs divisible by " + k,
                            "x % " + k + " == 0"));
                }
            }
            case WORDS -> {
                f.add(new Filter("all", kind, "words", "the words in ws", null));
                for (int k = 2; k <= 4; k++) {
                    f.add(new Filter("longer_than", kind, "over" + k, "the words in ws longer than " + k
                            + " letters", "len(w) > " + k));
                }
                for (int k = 4; k <= 5; k++) {
                    f.add(new Filter("shorter_than", kind, "under" + k, "the words in ws shorter than " + k
                            + " letters", "len(w) < " + k));
                }
                for (String l : List.of("a", "b", "c", "s", "t")) {
                    f.add(new Filter("starts_with", kind, "start" + l, "the words in ws that start with '" + l
                            + "'", "w.startswith('" + l + "')"));
                }
                for (String l : List.of("a", "e", "o")) {
                    f.add(new Filter("contains", kind, "with" + l, "the words in ws that contain '" + l + "'",
                            "'" + l + "' in w"));
                }
                for (String l : List.of("e", "s", "t")) {
                    f.add(new Filter("ends_with", kind, "end" + l, "the words in ws that end with '" + l + "'",
                            "w.endswith('" + l + "')"));
                }
            }
            case CHARS -> {
                f.add(new Filter("all", kind, "chars", "the characters of s", null));
                f.add(new Filter("vowel", kind, "vowels", "the lower case vowels in s", "c in 'aeiou'"));
                f.add(new Filter("letter", kind, "letters", "the letters in s", "c.isalpha()"));
                f.add(new Filter("digit", kind, "digits", "the digits in s", "c.isdigit()"));
                f.add(new Filter("upper", kind, "uppers", "the upper case letters in s", "c.isupper()"));
                f.add(new Filter("lower", kind, "lowers", "the lower case letters in s", "c.islower()"));
                f.add(new Filter("not_space", kind, "nospace", "the characters of s that are not spaces",
                        "c != ' '"));
            }
        }
        return f;
    }

    public static List<Mapping> mappings(ElementKind kind) {
        List<Mapping> m = new ArrayList<>();
        switch (kind) {
            case INTS -> {
                m.add(identity(kind));
                m.add(new Mapping("square", kind, ValueType.INT, "square", "the squares of %s", "x * x"));
                m.add(new Mapping("negate", kind, ValueType.INT, "negate", "the negations of %s", "-x"));
                m.add(new Mapping("abs", kind, ValueType.INT, "abs", "the absolute values of %s", "abs(x)"));
                for (int k : new int[] {1, 2, 3, 5, 10}) {
                    m.add(new Mapping("add", kind, ValueType.INT, "plus" + k, "%s, each plus " + k, "x + " + k));
                }
                for (int k : new int[] {2, 3}) {
                    m.add(new Mapping("times", kind, ValueType.INT, "times" + k, "%s, each times " + k,
                            "x * " + k));
                }
            }
            case WORDS -> {
                m.add(identity(kind));
                m.add(new Mapping("upper", kind, ValueType.STR, "upper", "%s in upper case", "w.upper()"));
                m.add(new Mapping("reverse", kind, ValueType.STR, "reversed", "%s, each reversed", "w[::-1]"));
                m.add(new Mapping("length", kind, ValueType.INT, "len", "the lengths of %s", "len(w)"));
                m.add(new Mapping("first", kind, ValueType.CHAR, "first", "the first letters of %s", "w[0]"));
            }
            case CHARS -> {
                m.add(identity(kind));
                m.add(new Mapping("upper", kind, ValueType.CHAR, "upper", "%s in upper case", "c.upper()"));
                m.add(new Mapping("lower", kind, ValueType.CHAR, "lower", "%s in lower case", "c.lower()"));
                m.add(new Mapping("double", kind, ValueType.CHAR, "double", "%s, each doubled", "c * 2"));
            }
        }
        return m;
    }

    private static Mapping identity(ElementKind kind) {
        return new Mapping("identity", kind, kind.elementType(), "", "%s", kind.var());
    }

    public static List<Aggregation> aggregations() {
        List<Aggregation> a = new ArrayList<>();
        a.add(new Aggregation("sum", ValueType.INT, "sum", "Return the sum of %s.", "sum(%s)", SlowIdiom.NONE, true));
        a.add(new Aggregation("max", ValueType.INT, "max", "Return the largest of %s, or 0 if there are none.",
                "max(%s, default=0)", SlowIdiom.SORT_FOR_MAX, true));
        a.add(new Aggregation("min", ValueType.INT, "min", "Return the smallest of %s, or 0 if there are none.",
                "min(%s, default=0)", SlowIdiom.SORT_FOR_MIN, true));
        a.add(new Aggregation("join", ValueType.STR, "join", "Return %s joined with spaces.", "' '.join(%s)",
                SlowIdiom.REPEATED_CONCAT_SPACED, true));
        for (ValueType t : List.of(ValueType.STR, ValueType.CHAR)) {
            a.add(new Aggregation("concat", t, "concat", "Return %s joined into one string.", "''.join(%s)",
                    SlowIdiom.REPEATED_CONCAT, true));
        }
        for (ValueType t : ValueType.values()) {
            a.add(new Aggregation("list", t, "list", "Return a list of %s.", "%s", SlowIdiom.NONE, true));
            a.add(new Aggregation("sorted", t, "sorted", "Return a sorted list of %s.", "sorted(%s)",
                    SlowIdiom.SORT_IN_LOOP, true));
            a.add(new Aggregation("distinct", t, "distinct", "Return the number of distinct values among %s.",
                    "len(set(%s))", SlowIdiom.LIST_MEMBERSHIP, true));
            a.add(new Aggregation("count", t, "count", "Return the count of %s.", "len(%s)", SlowIdiom.NONE,
                    false));
        }
        return a;
    }
}
