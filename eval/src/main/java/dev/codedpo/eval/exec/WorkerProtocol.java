package dev.codedpo.eval.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codedpo.core.io.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** JSON lines exchanged with worker.py, and how long Java waits for each before declaring the worker dead. */
final class WorkerProtocol {
    private WorkerProtocol() {}

    static String execLine(ExecutionRequest req, SandboxLimits limits) {
        ObjectNode o = base("exec", req.setup(), req.code(), req.tests(), limits);
        return Json.line(o);
    }

    static String timeLine(TimingRequest req, SandboxLimits limits) {
        ObjectNode o = base("time", req.setup(), req.code(), req.tests(), limits);
        o.put("repeats", req.repeats());
        o.put("clock", req.clock().label());
        return Json.line(o);
    }

    private static ObjectNode base(String op, String setup, String code, List<String> tests, SandboxLimits l) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("op", op);
        o.put("setup", setup);
        o.put("code", code == null ? "" : code);
        ArrayNode t = o.putArray("tests");
        tests.forEach(t::add);
        ObjectNode lim = o.putObject("limits");
        lim.put("timeout", l.timeoutSeconds());
        lim.put("cpu", l.cpuSeconds());
        lim.put("mem", l.memoryBytes());
        lim.put("out", l.maxOutputBytes());
        lim.put("fsize", l.maxFileBytes());
        return o;
    }

    /** Worst case the worker may legitimately take: every test timing out and restarting its code process. */
    static long execBudgetMillis(int tests, SandboxLimits l) {
        double perTest = 2 * l.timeoutSeconds() + 2.5;
        return (long) (1000 * (perTest * (tests + 1) + 10));
    }

    /** The timed rounds plus the untimed probe round that learns which pages to copy before each. */
    static long timeBudgetMillis(int tests, int repeats, SandboxLimits l) {
        double perRound = l.timeoutSeconds() * Math.max(1, tests) + 3;
        return (long) (1000 * (perRound * (repeats + 2) + l.timeoutSeconds() + 10));
    }

    static ExecutionResult execResult(JsonNode resp, int tests) throws WorkerFailure {
        if (!"exec".equals(resp.path("t").asText())) {
            throw new WorkerFailure("unexpected worker answer: " + resp);
        }
        JsonNode code = resp.path("code");
        CheckStatus codeStatus = status(code.path("s").asText());
        JsonNode checks = resp.path("checks");
        if (!checks.isArray() || checks.size() != tests) {
            throw new WorkerFailure("worker returned " + checks.size() + " checks for " + tests + " tests");
        }
        List<CheckResult> out = new ArrayList<>(tests);
        for (JsonNode c : checks) {
            out.add(new CheckResult(status(c.path("s").asText()), text(c.get("e")), text(c.get("m")),
                    c.path("c").asDouble(0.0), text(c.get("o")), c.path("ot").asBoolean(false)));
        }
        return new ExecutionResult(codeStatus, text(code.get("e")), Collections.unmodifiableList(out),
                text(code.get("o")), code.path("ot").asBoolean(false));
    }

    static TimingResult timingResult(JsonNode resp) throws WorkerFailure {
        if (!"time".equals(resp.path("t").asText())) {
            throw new WorkerFailure("unexpected worker answer: " + resp);
        }
        JsonNode rounds = resp.path("rounds");
        double[] s = new double[rounds.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = rounds.get(i).asDouble();
        }
        return new TimingResult(resp.path("ok").asBoolean(false), s);
    }

    /** Every check carries the same failure, e.g. when the worker died under the request. */
    static ExecutionResult allChecks(int tests, CheckStatus status, String message) {
        CheckResult c = new CheckResult(status, null, message, 0.0);
        return new ExecutionResult(status, null, Collections.nCopies(tests, c));
    }

    static CheckStatus status(String s) {
        try {
            return CheckStatus.ofLabel(s);
        } catch (IllegalArgumentException e) {
            return CheckStatus.CRASH;
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
