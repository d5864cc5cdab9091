package dev.codedpo.eval.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A synthetic but realistic execution workload for {@code codedpo bench exec}: small tasks, each with sampled codes
 * (correct variants, wrong ones, ones that raise, a few slow ones) checked by differential tests against a reference
 * defined in the setup, the way EvalPlus-style suites check candidates. Deterministic for a seed.
 */
public final class ExecBenchMatrix {
    /** One task family: reference, correct and wrong bodies of {@code solve}, and an input generator. */
    private record Family(String name, String reference, List<String> correct, List<String> wrong,
                          Function<Random, String> input) {}

    private static final List<String> ERRORS = List.of(
            "def solve(x):\n    return undefined_helper(x)\n",
            "def solve(x):\n    raise ValueError('not implemented')\n",
            "def solve(x):\n    return None + 1\n",
            "def solve(x)\n    return x\n");

    private static final List<Family> FAMILIES = List.of(
            new Family("sum_squares",
                    "def _ref(n):\n    return sum(i * i for i in range(n + 1))\n",
                    List.of("def solve(n):\n    return n * (n + 1) * (2 * n + 1) // 6\n",
                            "def solve(n):\n    total = 0\n    for i in range(1, n + 1):\n        total += i ** 2\n"
                                    + "    return total\n"),
                    List.of("def solve(n):\n    return sum(i * i for i in range(n))\n"),
                    r -> Integer.toString(r.nextInt(200))),
            new Family("reverse_words",
                    "def _ref(s):\n    return ' '.join(reversed(s.split()))\n",
                    List.of("def solve(s):\n    words = s.split()\n    words.reverse()\n    return ' '.join(words)\n",
                            "def solve(s):\n    return ' '.join(s.split()[::-1])\n"),
                    List.of("def solve(s):\n    return s[::-1]\n",
                            "def solve(s):\n    return ' '.join(reversed(s.split(' ')))\n"),
                    r -> pyString(words(r))),
            new Family("count_vowels",
                    "def _ref(s):\n    return sum(c in 'aeiouAEIOU' for c in s)\n",
                    List.of("import re\ndef solve(s):\n    return len(re.findall('[aeiou]', s, re.I))\n",
                            "def solve(s):\n    return len([c for c in s.lower() if c in 'aeiou'])\n"),
                    List.of("def solve(s):\n    return sum(c in 'aeiou' for c in s)\n"),
                    r -> pyString(words(r))),
            new Family("fib",
                    "def _ref(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n",
                    List.of("from functools import lru_cache\n@lru_cache(None)\ndef solve(n):\n"
                                    + "    return n if n < 2 else solve(n - 1) + solve(n - 2)\n",
                            "def solve(n):\n    xs = [0, 1]\n    while len(xs) <= n:\n        xs.append(xs[-1] + xs[-2])\n"
                                    + "    return xs[n]\n"),
                    List.of("def solve(n):\n    a, b = 1, 1\n    for _ in range(n):\n        a, b = b, a + b\n"
                            + "    return a\n"),
                    r -> Integer.toString(r.nextInt(60))),
            new Family("is_prime",
                    "def _ref(n):\n    if n < 2:\n        return False\n    i = 2\n    while i * i <= n:\n"
                            + "        if n % i == 0:\n            return False\n        i += 1\n    return True\n",
                    List.of("import math\ndef solve(n):\n    return n > 1 and all(n % d for d in range(2, math.isqrt(n) + 1))\n",
                            "def solve(n):\n    return n > 1 and not any(n % d == 0 for d in range(2, n))\n"),
                    List.of("def solve(n):\n    return all(n % d for d in range(2, n))\n",
                            "def solve(n):\n    return n % 2 == 1\n"),
                    r -> Integer.toString(r.nextInt(500))),
            new Family("gcd",
                    "def _ref(p):\n    a, b = p\n    while b:\n        a, b = b, a % b\n    return a\n",
                    List.of("import math\ndef solve(p):\n    return math.gcd(*p)\n",
                            "def solve(p):\n    a, b = p\n    return a if b == 0 else solve((b, a % b))\n"),
                    List.of("def solve(p):\n    return min(p)\n"),
                    r -> "(" + (1 + r.nextInt(1000)) + ", " + (1 + r.nextInt(1000)) + ")"),
            new Family("max_subarray",
                    "def _ref(xs):\n    best = cur = xs[0]\n    for x in xs[1:]:\n        cur = max(x, cur + x)\n"
                            + "        best = max(best, cur)\n    return best\n",
                    List.of("def solve(xs):\n    return max(sum(xs[i:j]) for i in range(len(xs)) "
                                    + "for j in range(i + 1, len(xs) + 1))\n",
                            "def solve(xs):\n    best, cur = float('-inf'), 0\n    for x in xs:\n"
                                    + "        cur = max(x, cur + x)\n        best = max(best, cur)\n    return best\n"),
                    List.of("def solve(xs):\n    best = cur = 0\n    for x in xs:\n        cur = max(0, cur + x)\n"
                            + "        best = max(best, cur)\n    return best\n"),
                    r -> intList(r, 1 + r.nextInt(12))),
            new Family("dedup_sorted",
                    "def _ref(xs):\n    return sorted(set(xs))\n",
                    List.of("def solve(xs):\n    out = []\n    for x in sorted(xs):\n        if not out or out[-1] != x:\n"
                                    + "            out.append(x)\n    return out\n",
                            "def solve(xs):\n    return sorted(dict.fromkeys(xs))\n"),
                    List.of("def solve(xs):\n    return sorted(xs)\n",
                            "def solve(xs):\n    return list(dict.fromkeys(xs))\n"),
                    r -> intList(r, r.nextInt(10))));

    /** Busy work prepended to a correct body: a slow but right candidate. */
    private static final String SLOW = "def _burn():\n    s = 0\n    for i in range(60000):\n        s += i\n    return s\n";

    private ExecBenchMatrix() {}

    /** {@code tasks x codes} requests of {@code tests} checks each, slow codes included. */
    public static List<ExecutionRequest> build(int tasks, int codes, int tests, long seed) {
        return build(tasks, codes, tests, seed, true);
    }

    /**
     * @param slow whether about 8 % of the codes burn ~3 ms per call; without them every test is short, which is
     *             what the 500 checks/s target is about
     */
    public static List<ExecutionRequest> build(int tasks, int codes, int tests, long seed, boolean slow) {
        Random r = new Random(seed);
        List<ExecutionRequest> out = new ArrayList<>(tasks * codes);
        for (int t = 0; t < tasks; t++) {
            Family f = FAMILIES.get(t % FAMILIES.size());
            List<String> checks = new ArrayList<>(tests);
            for (int k = 0; k < tests; k++) {
                String x = f.input().apply(r);
                checks.add("assert solve(" + x + ") == _ref(" + x + "), 'input: ' + repr(" + x + ")");
            }
            for (int c = 0; c < codes; c++) {
                out.add(new ExecutionRequest(f.reference(), candidate(f, r, slow), checks, null));
            }
        }
        return out;
    }

    private static String candidate(Family f, Random r, boolean slow) {
        int roll = r.nextInt(slow ? 100 : 92);
        if (roll < 50) {
            return pick(f.correct(), r);
        }
        if (roll < 75) {
            return pick(f.wrong(), r);
        }
        if (roll < 92) {
            return pick(ERRORS, r);
        }
        String body = pick(f.correct(), r);
        return SLOW + body.replaceFirst("(def solve\\([^)]*\\):\n)", "$1    _burn()\n");
    }

    private static String pick(List<String> xs, Random r) {
        return xs.get(r.nextInt(xs.size()));
    }

    private static String words(Random r) {
        String[] pool = {"alpha", "Beta", "gamma", "delta", "EPSILON", "zeta", "eta", "theta", "iota", "kappa"};
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : r.nextInt(5) == 0 ? "  " : " ").append(pool[r.nextInt(pool.length)]);
        }
        return sb.toString();
    }

    private static String intList(Random r, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.max(1, n); i++) {
            sb.append(i == 0 ? "" : ", ").append(r.nextInt(21) - 10);
        }
        return sb.append(']').toString();
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
