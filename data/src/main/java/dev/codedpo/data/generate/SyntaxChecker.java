package dev.codedpo.data.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.SandboxLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's own parser on a task's samples, in one sandboxed request per task (the samples are untrusted text; the
 * check only parses and compiles them). Codes are compiled whole; test texts are split into their top-level assert
 * statements, each kept with its exact source, multi-line ones whole.
 */
public final class SyntaxChecker {
    /** A code's verdict: {@code key} identifies its syntax tree (layout and comments aside), or error says why not. */
    public record CodeCheck(boolean ok, String key, String error) {}

    /** One assert statement of a test sample, with the key of its syntax tree. */
    public record Assert(String source, String key) {}

    /**
     * A test sample split up.
     *
     * @param others statements that are not self-contained asserts (dropped)
     * @param error  the first syntax error, when the text did not parse whole
     * @param cut    whether asserts were kept from a leading part that parsed (the rest had the error)
     */
    public record TestSplit(List<Assert> asserts, int others, String error, boolean cut) {}

    public record Result(List<CodeCheck> codes, List<TestSplit> tests) {}

    private static final String SCRIPT = resource();

    private final SandboxedJsonScript script;

    /** @param limits for the check itself; the output cap must hold every assert's text */
    public SyntaxChecker(CodeExecutor executor, SandboxLimits limits) {
        this.script = new SandboxedJsonScript(executor, limits, SCRIPT, "the syntax check");
    }

    /** Limits for the check: parsing takes milliseconds, but a loaded machine may be slow to start the process. */
    public static SandboxLimits defaultLimits() {
        SandboxLimits d = SandboxLimits.defaults();
        return new SandboxLimits(60, 60, d.memoryBytes(), 16L << 20, d.maxFileBytes());
    }

    public Result check(List<String> codes, List<String> tests) {
        if (codes.isEmpty() && tests.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        JsonNode n = script.call(Map.of("codes", codes, "tests", tests));
        List<CodeCheck> cc = new ArrayList<>();
        for (JsonNode c : n.path("codes")) {
            boolean ok = c.path("ok").asBoolean();
            cc.add(new CodeCheck(ok, ok ? c.path("key").asText() : null, ok ? null : c.path("error").asText()));
        }
        List<TestSplit> ts = new ArrayList<>();
        for (JsonNode t : n.path("tests")) {
            List<Assert> asserts = new ArrayList<>();
            t.path("asserts").forEach(a -> asserts.add(new Assert(a.path("src").asText(), a.path("key").asText())));
            ts.add(new TestSplit(asserts, t.path("others").asInt(), t.path("error").isNull() ? null
                    : t.path("error").asText(), t.path("cut").asBoolean()));
        }
        if (cc.size() != codes.size() || ts.size() != tests.size()) {
            throw new IllegalStateException("the syntax check answered for " + cc.size() + "/" + ts.size()
                    + " samples, asked for " + codes.size() + "/" + tests.size());
        }
        return new Result(cc, ts);
    }

    private static String resource() {
        try (InputStream in = SyntaxChecker.class.getResourceAsStream("syntax_check.py")) {
            if (in == null) {
                throw new IllegalStateException("missing bundled syntax_check.py");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
