package dev.codedpo.eval.stage;

import dev.codedpo.core.io.AtomicFiles;
import dev.codedpo.core.io.Json;
import dev.codedpo.core.stage.Stage;
import dev.codedpo.core.stage.StageContext;
import dev.codedpo.eval.compare.CompareConfig;
import dev.codedpo.eval.compare.CompareJob;
import dev.codedpo.eval.compare.ComparisonReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code codedpo compare} of the before- and after-evaluations, suite by suite: writes {@code <suite>.json}, the
 * report {@code compare --out} writes, for each suite folder the two eval stages share.
 */
public final class CompareStage implements Stage {
    private final CompareConfig config;
    private final String before;
    private final String after;
    private final Map<String, String> dirs;

    public CompareStage(CompareConfig config, String before, String after, Map<String, String> suiteDirs) {
        this.config = config;
        this.before = before;
        this.after = after;
        this.dirs = Map.copyOf(suiteDirs);
    }

    @Override
    public String name() {
        return "compare";
    }

    /** Only the rounds and the clock change what is measured; workers and the cache do not. */
    @Override
    public Object settings() {
        return Map.of("repeats", config.repeats(), "clock", config.clock().label());
    }

    @Override
    public List<String> upstream() {
        return List.of(before, after);
    }

    @Override
    public void run(Path dir, boolean resume, StageContext context) {
        for (String folder : dirs.values().stream().sorted().toList()) {
            Path report = dir.resolve(folder + ".json");
            if (resume && Files.isRegularFile(report)) {
                continue;
            }
            ComparisonReport r = CompareJob.run(config, context.dirOf(before).resolve(folder),
                    context.dirOf(after).resolve(folder), m -> context.log().accept("compare: " + m));
            AtomicFiles.writeString(report, Json.pretty(r));
        }
    }

    /** The reports (timings: nothing reads them downstream, so they may differ between identical runs). */
    @Override
    public List<String> resultFiles() {
        List<String> out = new ArrayList<>();
        dirs.values().stream().sorted().forEach(d -> out.add(d + ".json"));
        return out;
    }
}
