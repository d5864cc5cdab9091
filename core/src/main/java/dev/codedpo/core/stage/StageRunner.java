package dev.codedpo.core.stage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.config.ConfigTree;
import dev.codedpo.core.config.ResumeCheck;
import dev.codedpo.core.io.AtomicDirectory;
import dev.codedpo.core.io.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a pipeline's stages in order in one run directory, doing no work twice: a stage whose inputs (its settings
 * and its upstream stages' result digests) match its record and that completed is skipped; one that was interrupted
 * is resumed; one whose inputs changed is run again from an empty directory, and the reason is said. Because a
 * stage depends on its upstream results' digests rather than on their having run, a stage re-run with the same
 * result leaves the stages after it alone, and a changed result re-runs exactly those that read it.
 */
public final class StageRunner {
    /** What happens to a stage. */
    public enum Action { SKIP, RESUME, RUN, RERUN }

    /** A stage's action and why, as printed before the work and in the report. */
    public record Decision(String stage, Action action, String reason) {
        @Override
        public String toString() {
            return String.format("%-11s %-7s %s", stage, action.name().toLowerCase(), reason);
        }
    }

    private final Path runDir;
    private final List<Stage> stages;
    private final Consumer<String> log;

    public StageRunner(Path runDir, List<Stage> stages, Consumer<String> log) {
        this.runDir = runDir;
        this.stages = List.copyOf(stages);
        this.log = log;
        Set<String> seen = new HashSet<>();
        for (Stage s : stages) {
            for (String up : s.upstream()) {
                if (!seen.contains(up)) {
                    throw new IllegalArgumentException("stage " + s.name() + " reads " + up
                            + ", which is not an earlier stage");
                }
            }
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("two stages named " + s.name());
            }
        }
    }

    /**
     * What {@link #run} would do, without doing it. A stage after one that will run is shown as depending on that
     * stage's new result, which is not known yet.
     */
    public List<Decision> plan(String from, String only) {
        checkSelection(from, only);
        Map<String, String> digests = new LinkedHashMap<>();
        Set<String> changing = new HashSet<>();
        List<Decision> out = new ArrayList<>();
        boolean forced = false;
        for (Stage s : stages) {
            forced |= s.name().equals(from);
            Optional<StageRecord> rec = StageRecord.read(dir(s));
            Decision d;
            List<String> pending = s.upstream().stream().filter(changing::contains).toList();
            if (only != null && !s.name().equals(only)) {
                d = new Decision(s.name(), Action.SKIP, "not selected (--only " + only + ")");
            } else if (!forced && !pending.isEmpty() && rec.isPresent()) {
                d = new Decision(s.name(), Action.RERUN, "if the new result of " + String.join(", ", pending)
                        + " differs from the one it used");
            } else {
                d = decide(s, rec, upstreamDigests(s, digests), forced);
            }
            if (d.action() != Action.SKIP) {
                changing.add(s.name());
            }
            rec.filter(StageRecord::complete).ifPresent(r -> digests.put(s.name(), r.resultDigest()));
            out.add(d);
        }
        return out;
    }

    /**
     * Runs what needs running.
     *
     * @param from run this stage and every later one again even if up to date (null: none)
     * @param only run just this stage (its upstream stages must be complete); null: all
     * @return the decisions taken, in order
     */
    public List<Decision> run(String from, String only) {
        checkSelection(from, only);
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        List<Decision> out = new ArrayList<>();
        boolean forced = false;
        for (Stage s : stages) {
            forced |= s.name().equals(from);
            Path dir = dir(s);
            Optional<StageRecord> rec = StageRecord.read(dir);
            Decision d;
            if (only != null && !s.name().equals(only)) {
                d = new Decision(s.name(), Action.SKIP, "not selected (--only " + only + ")");
                if (rec.filter(StageRecord::complete).isEmpty() && isUpstreamOf(s.name(), only)) {
                    throw new InputException("--only " + only + ": it reads the result of " + s.name()
                            + ", which is not complete; run without --only first");
                }
            } else {
                d = decide(s, rec, upstreamDigests(s, digests), forced);
            }
            log.accept(d.toString());
            out.add(d);
            String digest = switch (d.action()) {
                case SKIP -> rec.filter(StageRecord::complete).map(StageRecord::resultDigest).orElse(null);
                case RESUME -> execute(s, dir, rec.get(), true, dirs);
                case RUN, RERUN -> {
                    emptyDirectory(dir);
                    StageRecord started = new StageRecord(s.name(), settings(s), upstreamDigests(s, digests), false,
                            null);
                    started.write(dir);
                    yield execute(s, dir, started, false, dirs);
                }
            };
            if (digest != null) {
                digests.put(s.name(), digest);
            }
            dirs.put(s.name(), dir);
        }
        return out;
    }

    private String execute(Stage s, Path dir, StageRecord started, boolean resume, Map<String, Path> dirs) {
        s.run(dir, resume, new StageContext(runDir, dirs, log));
        String digest = ResultDigest.of(dir, s.resultFiles());
        started.completed(digest).write(dir);
        return digest;
    }

    private Decision decide(Stage s, Optional<StageRecord> rec, Map<String, String> upstream, boolean forced) {
        if (rec.isEmpty()) {
            return new Decision(s.name(), Action.RUN, "not run yet");
        }
        StageRecord r = rec.get();
        if (forced) {
            return new Decision(s.name(), Action.RERUN, "--from");
        }
        String settingsChange = ResumeCheck.firstChange(r.settings(), settings(s));
        if (settingsChange != null) {
            return new Decision(s.name(), Action.RERUN, "settings changed: " + settingsChange);
        }
        for (String up : s.upstream()) {
            if (!String.valueOf(r.upstream().get(up)).equals(String.valueOf(upstream.get(up)))) {
                return new Decision(s.name(), Action.RERUN, "the result of " + up + " changed");
            }
        }
        if (r.complete()) {
            return new Decision(s.name(), Action.SKIP, "up to date");
        }
        return new Decision(s.name(), Action.RESUME, "interrupted earlier; continuing with the same inputs");
    }

    private static Map<String, String> upstreamDigests(Stage s, Map<String, String> digests) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String up : s.upstream()) {
            m.put(up, digests.get(up));
        }
        return m;
    }

    private boolean isUpstreamOf(String candidate, String stage) {
        for (Stage s : stages) {
            if (s.name().equals(stage)) {
                return s.upstream().contains(candidate);
            }
        }
        return false;
    }

    private void checkSelection(String from, String only) {
        for (String name : new String[] {from, only}) {
            if (name != null && stages.stream().noneMatch(s -> s.name().equals(name))) {
                throw new InputException("no stage named \"" + name + "\" (stages: "
                        + String.join(", ", stages.stream().map(Stage::name).toList()) + ")");
            }
        }
        if (from != null && only != null) {
            throw new InputException("--from and --only cannot be combined");
        }
    }

    private static JsonNode settings(Stage s) {
        return ConfigTree.of(s.settings());
    }

    private Path dir(Stage s) {
        return runDir.resolve(s.name());
    }

    private static void emptyDirectory(Path dir) {
        try {
            AtomicDirectory.deleteTree(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
