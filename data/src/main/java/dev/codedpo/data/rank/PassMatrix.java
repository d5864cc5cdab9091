package dev.codedpo.data.rank;

/** Link(c, t): whether code c passed test t. Rows are codes, columns are tests. */
public final class PassMatrix {
    private final boolean[][] pass;
    private final int tests;

    public PassMatrix(boolean[][] pass) {
        this.tests = pass.length == 0 ? 0 : pass[0].length;
        this.pass = new boolean[pass.length][];
        for (int c = 0; c < pass.length; c++) {
            if (pass[c].length != tests) {
                throw new IllegalArgumentException("ragged pass matrix at code " + c);
            }
            this.pass[c] = pass[c].clone();
        }
    }

    /** Builds from rows of 0/1, the layout used in docs and tests. */
    public static PassMatrix of(int[][] links) {
        boolean[][] b = new boolean[links.length][];
        for (int c = 0; c < links.length; c++) {
            b[c] = new boolean[links[c].length];
            for (int t = 0; t < links[c].length; t++) {
                b[c][t] = links[c][t] != 0;
            }
        }
        return new PassMatrix(b);
    }

    public int codes() {
        return pass.length;
    }

    public int tests() {
        return tests;
    }

    public boolean passes(int code, int test) {
        return pass[code][test];
    }

    public int passedBy(int code) {
        int n = 0;
        for (boolean b : pass[code]) {
            n += b ? 1 : 0;
        }
        return n;
    }

    public int passersOf(int test) {
        int n = 0;
        for (boolean[] row : pass) {
            n += row[test] ? 1 : 0;
        }
        return n;
    }

    public boolean[] row(int code) {
        return pass[code].clone();
    }

    public int[][] toInts() {
        int[][] out = new int[pass.length][tests];
        for (int c = 0; c < pass.length; c++) {
            for (int t = 0; t < tests; t++) {
                out[c][t] = pass[c][t] ? 1 : 0;
            }
        }
        return out;
    }
}
