package dev.codedpo.cli;

import dev.codedpo.core.config.ConfigDocs;
import dev.codedpo.core.config.ConfigLoader;
import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.compare.CompareConfig;
import dev.codedpo.eval.compare.CompareJob;
import dev.codedpo.eval.compare.ComparisonReport;
import dev.codedpo.eval.compare.ProblemSpeedup;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code codedpo compare}: how much faster the after-run's solutions are than the before-run's. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Speed-up of after- over before-solutions on problems solved in both eval runs.", sortOptions = false,
        description = {
            "Compare the efficiency of two `codedpo eval` runs of the same suite. On the",
            "problems solved in both, the first passing solution of each run is re-timed",
            "(CPU time or executed opcodes, REPEATS rounds, the same inputs: base and plus",
            "inputs of plus suites, else the tests). Reports each speed-up (before/after)",
            "with its noise, their mean and geometric mean, and the share at least 10%%",
            "faster (>= 1.1x). Settings: the options below, or --config / --set with the keys",
            "listed at the end (the compare block of a run config).",
            ""},
        footerHeading = "%nSettings (key = default: meaning):%n")
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--before", required = true, paramLabel = "DIR", description = "Output directory of the first eval.")
    Path before;

    @Option(names = "--after", required = true, paramLabel = "DIR", description = "Output directory of the second eval.")
    Path after;

    @Option(names = "--repeats", paramLabel = "R",
            description = "Timing rounds per solution (default 5); the median is used.")
    Integer repeats;

    @Option(names = "--clock", paramLabel = "CLOCK",
            description = {"What a round measures (default cpu): cpu = CPU seconds (varies between runs and",
                "machines); opcodes = Python bytecode instructions executed (the same in every run, one round is",
                "enough; blind to work inside builtins)."})
    String clock;

    @Option(names = "--workers", paramLabel = "N",
            description = "Problems timed at once (default 1: least interference between timings).")
    Integer workers;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the full report as JSON here.")
    Path out;

    @Option(names = "--python", paramLabel = "EXE", description = "Python interpreter (default python3).")
    String python;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Reference cache of `codedpo eval` (default: $XDG_CACHE_HOME/codedpo/eval).")
    Path cacheDir;

    @Mixin
    SettingsOptions settings;

    static String settingsHelp() {
        return ConfigDocs.keys(CompareConfig.class, CompareConfig.defaults()) + "%n" + ConfigDocs.SET_RULES;
    }

    @Override
    public Integer call() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("repeats", repeats);
        o.put("clock", clock);
        o.put("workers", workers);
        o.put("python", python);
        o.put("cache_dir", cacheDir == null ? null : cacheDir.toString());
        CompareConfig cfg = ConfigLoader.load(CompareConfig.class, CompareConfig.defaults(), settings.config,
                settings.sets, o);
        ComparisonReport r = CompareJob.run(cfg, before, after, m -> System.err.println("codedpo compare: " + m));
        System.out.print(render(r));
        if (out != null) {
            AtomicFiles.writeString(out, Json.pretty(r));
            System.out.println("wrote " + out);
        }
        return Main.EXIT_OK;
    }

    static String render(ComparisonReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("suite %s: %d problems solved in both runs (%d rounds each)%n", r.suite(),
                r.solvedBoth(), r.repeats()));
        String unit = r.clock().unit();
        s.append(String.format("%-18s %12s %12s %9s %8s%n", "task", "before (" + unit + ")", "after (" + unit + ")",
                "speed-up", "noise"));
        for (ProblemSpeedup p : r.problems()) {
            // counts are whole numbers; CPU seconds want microseconds
            String time = r.clock().noisy() ? "%12.6f" : "%12.0f";
            s.append(String.format("%-18s " + time + " " + time + " %8.2fx %7.1f%%%s%n", p.taskId(), p.beforeTime(),
                    p.afterTime(), p.speedup(), 100 * p.noise(), p.beyondNoise() ? "" : "  (within noise)"));
        }
        s.append(String.format("mean speed-up %.3fx, geometric mean %.3fx, >= 10%% faster: %.1f%%, "
                        + ">= 10%% slower: %.1f%%, median noise %.1f%%%n", r.meanSpeedup(), r.geoMeanSpeedup(),
                100 * r.shareFaster10(), 100 * r.shareSlower10(), 100 * r.medianNoise()));
        for (String k : r.skipped()) {
            s.append("skipped ").append(k).append('\n');
        }
        return s.toString();
    }
}
