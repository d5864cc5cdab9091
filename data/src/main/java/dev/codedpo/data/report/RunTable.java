package dev.codedpo.data.report;

import dev.codedpo.core.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Several runs side by side, as the ablation tables of the paper: one row per run (in the order given, named by
 * its directory), columns method, ranking, pass@1 before/after/difference per suite (and per suite's plus tests
 * where any run has them), pairs (correctness + efficiency) and the mean speed-up pooled over the compared suites.
 */
public final class RunTable {
    private final MarkdownTable table;

    private RunTable(MarkdownTable table) {
        this.table = table;
    }

    public static RunTable of(List<RunData> runs) {
        TreeSet<String> suites = new TreeSet<>();
        TreeSet<String> plusSuites = new TreeSet<>();
        for (RunData r : runs) {
            for (SuiteResult s : r.suites()) {
                suites.add(s.suite());
                if (s.hasPlus()) {
                    plusSuites.add(s.suite());
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("run", "method", "ranking"));
        for (String s : suites) {
            addColumns(header, s);
            if (plusSuites.contains(s)) {
                addColumns(header, s + "+");
            }
        }
        header.add("pairs");
        header.add("mean speed-up");
        List<List<String>> rows = new ArrayList<>();
        for (RunData r : runs) {
            List<String> row = new ArrayList<>(List.of(r.name(), dash(r.method()), dash(r.ranking())));
            for (String s : suites) {
                SuiteResult res = r.suite(s).orElse(new SuiteResult(s, null, null));
                addCells(row, res, SuiteResult.BASE);
                if (plusSuites.contains(s)) {
                    addCells(row, res, SuiteResult.PLUS);
                }
            }
            row.add(r.pairs() == null ? Cells.MISSING
                    : String.valueOf(r.pairs().correctnessPairs() + r.pairs().efficiencyPairs()));
            row.add(Cells.ratio(Speedups.pooled(r.comparisons()).mean()));
            rows.add(row);
        }
        return new RunTable(new MarkdownTable(header, rows));
    }

    public static RunTable read(List<Path> runDirs) {
        return of(runDirs.stream().map(RunData::read).toList());
    }

    public String markdown() {
        return table.markdown();
    }

    public String console() {
        return table.console();
    }

    public List<String> header() {
        return table.header();
    }

    public List<List<String>> rows() {
        return table.rows();
    }

    /** Writes the markdown table (with a line saying what the numbers are) atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, "# Runs side by side\n\n" + markdown()
                + "\npass@1 in percent (before, after, difference in points); pairs = correctness + efficiency"
                + " pairs; mean speed-up over the problems solved before and after, all compared suites pooled.\n");
    }

    private static void addColumns(List<String> header, String suite) {
        header.add(suite + " before");
        header.add(suite + " after");
        header.add(suite + " diff");
    }

    private static void addCells(List<String> row, SuiteResult s, String tests) {
        row.add(Cells.percent(s.before(tests)));
        row.add(Cells.percent(s.after(tests)));
        row.add(Cells.points(s.difference(tests)));
    }

    private static String dash(String s) {
        return s == null ? Cells.MISSING : s;
    }
}
