package dev.codedpo.data.report;

import java.util.ArrayList;
import java.util.List;

/** A table rendered as GitHub markdown or as aligned console text. */
public record MarkdownTable(List<String> header, List<List<String>> rows) {
    public MarkdownTable {
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("row has " + r.size() + " cells, header " + header.size());
            }
        }
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        line(b, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rule.add(i == 0 ? "---" : "---:");
        }
        line(b, rule);
        rows.forEach(r -> line(b, r));
        return b.toString();
    }

    /** Columns padded to their widest cell; the first left-aligned, numbers right-aligned. */
    public String console() {
        int[] width = new int[header.size()];
        for (List<String> r : concat()) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> r : concat()) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String fmt = i == 0 ? "%-" + width[i] + "s" : "  %" + width[i] + "s";
                l.append(String.format(fmt, r.get(i)));
            }
            b.append(l.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    private List<List<String>> concat() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static void line(StringBuilder b, List<String> cells) {
        b.append('|');
        for (String c : cells) {
            b.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        b.append('\n');
    }
}
