package dev.codedpo.core.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import dev.codedpo.core.stage.StageRunner.Action;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skip, resume and invalidation on three toy stages a -> b -> c that pass text along. */
class StageRunnerTest {
    /** A stage that writes f(upstream text, settings) and records how it was called. */
    static final class TextStage implements Stage {
        final String name;
        final List<String> upstream;
        Map<String, Object> settings;
        final List<String> calls = new ArrayList<>();
        boolean failOnce;

        TextStage(String name, Map<String, Object> settings, String... upstream) {
            this.name = name;
            this.settings = settings;
            this.upstream = List.of(upstream);
        }

        @Override public String name() { return name; }
        @Override public Object settings() { return settings; }
        @Override public List<String> upstream() { return upstream; }
        @Override public List<String> resultFiles() { return List.of("out.txt"); }

        @Override
        public void run(Path dir, boolean resume, StageContext context) {
            calls.add(resume ? "resume" : "fresh");
            try {
                String in = upstream.isEmpty() ? "" : Files.readString(context.dirOf(upstream.get(0)).resolve("out.txt"));
                if (resume) {
                    assertTrue(Files.exists(dir.resolve("partial")), "a resumed stage finds its own partial work");
                }
                Files.writeString(dir.resolve("partial"), "x");
                if (failOnce) {
                    failOnce = false;
                    throw new IllegalStateException("killed");
                }
                Files.writeString(dir.resolve("out.txt"), in + name + settings.get("value") + ";");
                Files.writeString(dir.resolve("timing.txt"), Long.toString(System.nanoTime()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TextStage a;
    private TextStage b;
    private TextStage c;

    private StageRunner runner(Path dir) {
        return new StageRunner(dir, List.of(a, b, c), s -> { });
    }

    private void stages() {
        a = new TextStage("a", Map.of("value", 1, "threads", 1));
        b = new TextStage("b", Map.of("value", 2), "a");
        c = new TextStage("c", Map.of("value", 3), "b");
    }

    private static List<Action> actions(List<StageRunner.Decision> ds) {
        return ds.stream().map(StageRunner.Decision::action).toList();
    }

    @Test
    void upToDateStagesAreSkipped(@TempDir Path dir) throws IOException {
        stages();
        assertEquals(List.of(Action.RUN, Action.RUN, Action.RUN), actions(runner(dir).run(null, null)));
        assertEquals("a1;b2;c3;", Files.readString(dir.resolve("c/out.txt")));
        assertEquals(List.of(Action.SKIP, Action.SKIP, Action.SKIP), actions(runner(dir).plan(null, null)));
        assertEquals(List.of(Action.SKIP, Action.SKIP, Action.SKIP), actions(runner(dir).run(null, null)));
        assertEquals(List.of("fresh"), c.calls);
    }

    @Test
    void aChangedSettingRerunsTheStageAndThoseWhoseInputChanged(@TempDir Path dir) throws IOException {
        stages();
        runner(dir).run(null, null);
        // A setting that leaves a's result as it was: a runs again, b and c keep theirs.
        a.settings = Map.of("value", 1, "threads", 4);
        List<StageRunner.Decision> ds = runner(dir).run(null, null);
        assertEquals(List.of(Action.RERUN, Action.SKIP, Action.SKIP), actions(ds));
        assertTrue(ds.get(0).reason().contains("threads was 1, now 4"), ds.get(0).reason());
        // A setting that changes b's result: b and c run again, and say why.
        b.settings = Map.of("value", 7);
        ds = runner(dir).run(null, null);
        assertEquals(List.of(Action.SKIP, Action.RERUN, Action.RERUN), actions(ds));
        assertTrue(ds.get(2).reason().contains("result of b changed"), ds.get(2).reason());
        assertEquals("a1;b7;c3;", Files.readString(dir.resolve("c/out.txt")));
    }

    @Test
    void anInterruptedStageResumesAndTheRestRuns(@TempDir Path dir) throws IOException {
        stages();
        b.failOnce = true;
        assertThrows(IllegalStateException.class, () -> runner(dir).run(null, null));
        assertEquals(List.of(), c.calls);
        List<StageRunner.Decision> plan = runner(dir).plan(null, null);
        assertEquals(List.of(Action.SKIP, Action.RESUME, Action.RUN), actions(plan));
        assertEquals(List.of(Action.SKIP, Action.RESUME, Action.RUN), actions(runner(dir).run(null, null)));
        assertEquals(List.of("fresh", "resume"), b.calls);
        assertEquals("a1;b2;c3;", Files.readString(dir.resolve("c/out.txt")));
    }

    @Test
    void fromForcesLaterStagesAndOnlyNeedsCompleteUpstreams(@TempDir Path dir) {
        stages();
        b.failOnce = true;
        assertThrows(IllegalStateException.class, () -> runner(dir).run(null, null));
        InputException e = assertThrows(InputException.class, () -> runner(dir).run(null, "c"));
        assertTrue(e.getMessage().contains("b, which is not complete"), e.getMessage());
        runner(dir).run(null, null);
        assertEquals(List.of(Action.SKIP, Action.RERUN, Action.RERUN), actions(runner(dir).run("b", null)));
        assertEquals(List.of(Action.SKIP, Action.SKIP, Action.RERUN), actions(runner(dir).run("c", null)));
        assertEquals(List.of(Action.SKIP, Action.SKIP, Action.SKIP), actions(runner(dir).run(null, "c")));
        e = assertThrows(InputException.class, () -> runner(dir).run("train", null));
        assertTrue(e.getMessage().contains("stages: a, b, c"), e.getMessage());
    }

    @Test
    void theDryRunSaysWhatDependsOnAResultNotYetKnown(@TempDir Path dir) {
        stages();
        runner(dir).run(null, null);
        a.settings = Map.of("value", 5, "threads", 1);
        List<StageRunner.Decision> plan = runner(dir).plan(null, null);
        assertEquals(List.of(Action.RERUN, Action.RERUN, Action.RERUN), actions(plan));
        assertTrue(plan.get(1).reason().contains("if the new result of a differs"), plan.get(1).reason());
        assertEquals(List.of(), b.calls.subList(1, b.calls.size()), "planning runs nothing");
    }
}
