package dev.codedpo.data.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.exec.CheckStatus;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import dev.codedpo.eval.exec.SandboxLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A Python helper script run as the "code" of one sandboxed request: the Java side puts its input in the script's
 * {@value #PAYLOAD} placeholder (base64 of JSON), and the script prints {@value #MARK} followed by one JSON value.
 * Model-written text only ever reaches Python as data inside the sandbox.
 */
public final class SandboxedJsonScript {
    public static final String PAYLOAD = "@@PAYLOAD@@";
    public static final String MARK = "@@RESULT@@";

    private final CodeExecutor executor;
    private final SandboxLimits limits;
    private final String script;
    private final String what;

    /** @param what names the script in errors ("the syntax check") */
    public SandboxedJsonScript(CodeExecutor executor, SandboxLimits limits, String script, String what) {
        this.executor = executor;
        this.limits = limits;
        this.script = script;
        this.what = what;
    }

    /** Runs the script on {@code payload} (anything Jackson writes) and returns what it printed after the mark. */
    public JsonNode call(Object payload) {
        String encoded = Base64.getEncoder().encodeToString(Json.line(payload).getBytes(StandardCharsets.UTF_8));
        ExecutionResult r = executor.execute(new ExecutionRequest("", script.replace(PAYLOAD, encoded), List.of(),
                limits));
        String out = r.codeOutput() == null ? "" : r.codeOutput();
        int at = out.lastIndexOf(MARK);
        if (r.codeStatus() != CheckStatus.PASS || at < 0 || r.codeOutputTruncated()) {
            throw new IllegalStateException(what + " failed (" + r.codeStatus().label()
                    + (r.codeException() == null ? "" : ", " + r.codeException())
                    + (r.codeOutputTruncated() ? ", output cut at the sandbox's cap" : "") + "): "
                    + out.substring(Math.max(0, out.length() - 500)));
        }
        try {
            return Json.MAPPER.readTree(out.substring(at + MARK.length()).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable result of " + what, e);
        }
    }
}
