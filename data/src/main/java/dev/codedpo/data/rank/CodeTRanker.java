package dev.codedpo.data.rank;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * CodeT's dual execution agreement (Chen et al. 2022): codes that pass exactly the same set of tests form a group;
 * the group scores (tests passed) x sqrt(codes in the group), and every member gets its group's score. A test's
 * score is the number of codes that pass it.
 */
public final class CodeTRanker implements Ranker {
    @Override
    public Scores rank(PassMatrix links, RandomGenerator random) {
        Map<List<Boolean>, Integer> groupSizes = new HashMap<>();
        List<List<Boolean>> keys = new java.util.ArrayList<>();
        for (int c = 0; c < links.codes(); c++) {
            Boolean[] row = new Boolean[links.tests()];
            for (int t = 0; t < row.length; t++) {
                row[t] = links.passes(c, t);
            }
            List<Boolean> key = Arrays.asList(row);
            keys.add(key);
            groupSizes.merge(key, 1, Integer::sum);
        }
        double[] codes = new double[links.codes()];
        for (int c = 0; c < codes.length; c++) {
            codes[c] = links.passedBy(c) * Math.sqrt(groupSizes.get(keys.get(c)));
        }
        double[] tests = new double[links.tests()];
        for (int t = 0; t < tests.length; t++) {
            tests[t] = links.passersOf(t);
        }
        return new Scores(codes, tests);
    }
}
