package dev.codedpo.eval.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCacheTest {
    @TempDir
    Path dir;

    /** Answers from a script and counts what reached it. */
    static final class Counting implements CodeExecutor {
        final List<String> calls = new ArrayList<>();
        CheckStatus status = CheckStatus.PASS;
        String identity = "id";

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public ExecutionResult execute(ExecutionRequest request) {
            calls.add("exec " + request.code());
            List<CheckResult> checks = new ArrayList<>();
            request.tests().forEach(t -> checks.add(new CheckResult(status, status == CheckStatus.FAIL
                    ? "AssertionError" : null, null, 0.01, "out", false)));
            return new ExecutionResult(CheckStatus.PASS, null, checks, "", false);
        }

        @Override
        public TimingResult time(TimingRequest request) {
            calls.add("time " + request.clock().label() + " " + request.code());
            return new TimingResult(true, new double[] {42});
        }

        @Override
        public SandboxReport sandbox() {
            return new SandboxReport(true, true, "");
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public void close() {}
    }

    private static ExecutionRequest exec(String code) {
        return new ExecutionRequest("", code, List.of("assert f() == 1", "assert f() == 2"), null);
    }

    @Test
    void aRepeatedCheckIsAnsweredFromTheRecordWithTheSameResult() {
        Counting live = new Counting();
        live.status = CheckStatus.FAIL;
        ResultCache r = new ResultCache(live, dir);
        ExecutionResult first = r.execute(exec("a"));
        ExecutionResult again = new ResultCache(live, dir).execute(exec("a"));
        assertEquals(first, again);
        assertEquals(List.of("exec a"), live.calls);
        r.execute(exec("b"));
        assertEquals(first, r.execute(exec("a")));
        assertEquals(List.of("exec a", "exec b"), live.calls);
        assertEquals(1, r.answered());
        assertEquals(2, r.forwarded());
    }

    @Test
    void anotherIdentityOrRequestMisses() {
        Counting live = new Counting();
        new ResultCache(live, dir).execute(exec("a"));
        live.identity = "other harness";
        new ResultCache(live, dir).execute(exec("a"));
        live.identity = "id";
        new ResultCache(live, dir).execute(new ExecutionRequest("", "a", List.of("assert f() == 1"), null));
        new ResultCache(live, dir).execute(new ExecutionRequest("", "a",
                List.of("assert f() == 1", "assert f() == 2"), SandboxLimits.defaults()));
        assertEquals(4, live.calls.size());
    }

    @Test
    void anExecutorWithoutAnIdentityIsRefused() {
        Counting live = new Counting();
        live.identity = null;
        assertThrows(IllegalArgumentException.class, () -> new ResultCache(live, dir));
    }

    @Test
    void timeoutsAndCrashesAreNeverRecorded() {
        for (CheckStatus s : List.of(CheckStatus.TIMEOUT, CheckStatus.CRASH)) {
            Counting live = new Counting();
            live.status = s;
            ResultCache r = new ResultCache(live, dir.resolve(s.label()));
            r.execute(exec("a"));
            r.execute(exec("a"));
            assertEquals(2, live.calls.size(), s.label());
        }
    }

    @Test
    void onlyCountedTimingsAreRecorded() {
        Counting live = new Counting();
        ResultCache r = new ResultCache(live, dir);
        for (TimingClock clock : List.of(TimingClock.CPU, TimingClock.CPU, TimingClock.OPCODES, TimingClock.OPCODES)) {
            TimingResult t = r.time(new TimingRequest("", "a", List.of("f()"), 1, clock, null));
            assertArrayEquals(new double[] {42}, t.rounds());
        }
        assertEquals(List.of("time cpu a", "time cpu a", "time opcodes a"), live.calls);
    }

    @Test
    void anUnreadableRecordIsExecutedAgainAndRewritten() throws IOException {
        Counting live = new Counting();
        new ResultCache(live, dir).execute(exec("a"));
        Path record;
        try (Stream<Path> s = Files.walk(dir)) {
            record = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Files.writeString(record, "{\"codeStatus\": ");
        ExecutionResult again = new ResultCache(live, dir).execute(exec("a"));
        assertEquals(2, live.calls.size());
        assertEquals(again, new ResultCache(live, dir).execute(exec("a")));
        assertEquals(2, live.calls.size());
    }

    @Test
    void realVerdictsAndCountsSurviveTheRecord() {
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(1))) {
            ResultCache r = new ResultCache(pool, dir);
            ExecutionRequest req = new ExecutionRequest("", "def f():\n    print('hi')\n    return 1\n",
                    List.of("assert f() == 1", "assert f() == 2", "f(3)"), null);
            ExecutionResult live = r.execute(req);
            ExecutionResult recorded = new ResultCache(pool, dir).execute(req);
            assertEquals(live, recorded);
            assertEquals(List.of(CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.ERROR),
                    recorded.checks().stream().map(CheckResult::status).toList());
            TimingRequest t = new TimingRequest("", "def f():\n    return sum(range(10))\n", List.of("f()"), 1,
                    TimingClock.OPCODES, null);
            assertArrayEquals(r.time(t).rounds(), new ResultCache(pool, dir).time(t).rounds());
        }
    }
}
