package dev.codedpo.eval.stage;

import dev.codedpo.core.io.InputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The folder of each suite inside an eval or compare stage directory: a bundled suite's name, or a custom suite
 * file's name without its extensions ({@code tiny.jsonl.gz} -> {@code tiny}).
 */
public final class SuiteDirs {
    private SuiteDirs() {}

    /** Suite as configured -> folder name, in the configured order; two suites sharing a folder are refused. */
    public static Map<String, String> of(List<String> suites) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> taken = new LinkedHashMap<>();
        for (String s : suites) {
            String name = Path.of(s).getFileName().toString().replaceFirst("\\.gz$", "").replaceFirst("\\.jsonl?$", "");
            String before = taken.putIfAbsent(name, s);
            if (before != null) {
                throw new InputException("eval.suites: " + before + " and " + s + " would share the folder " + name);
            }
            out.put(s, name);
        }
        return out;
    }
}
