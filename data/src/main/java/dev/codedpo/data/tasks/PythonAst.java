package dev.codedpo.data.tasks;

import dev.codedpo.data.generate.SandboxedJsonScript;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.eval.exec.CodeExecutor;
import dev.codedpo.eval.exec.SandboxLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's own parser on untrusted text (seed files, model completions), in the sandbox: one request per batch of
 * texts, the batches cut at about {@link #BATCH_CHARS} characters so that a large seed corpus neither makes one
 * huge request nor one request per file. See task_ast.py for what each mode answers.
 */
public final class PythonAst {
    static final int BATCH_CHARS = 2_000_000;
    private static final String SCRIPT = resource();

    private final SandboxedJsonScript script;
    private int requests;

    public PythonAst(CodeExecutor executor, SandboxLimits limits) {
        this.script = new SandboxedJsonScript(executor, limits, SCRIPT, "the sandboxed parser");
    }

    /** Sandboxed requests made so far (a test checks that files are batched). */
    public int requests() {
        return requests;
    }

    /** One answer per text: {@code {error, snippets: [{code, line}]}}. */
    public List<JsonNode> snippets(List<String> texts, List<Boolean> split) {
        List<JsonNode> out = new ArrayList<>();
        for (int[] b : batches(texts)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("mode", "snippets");
            p.put("texts", texts.subList(b[0], b[1]));
            p.put("split", split.subList(b[0], b[1]));
            out.addAll(call(p, b[1] - b[0]));
        }
        return out;
    }

    /** One answer per text: {@code {error: null, prompt, entry_point}} or {@code {error: reason, detail}}. */
    public List<JsonNode> tasks(List<String> texts) {
        List<JsonNode> out = new ArrayList<>();
        for (int[] b : batches(texts)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("mode", "tasks");
            p.put("texts", texts.subList(b[0], b[1]));
            out.addAll(call(p, b[1] - b[0]));
        }
        return out;
    }

    private static List<int[]> batches(List<String> texts) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        long chars = 0;
        for (int i = 0; i < texts.size(); i++) {
            if (i > start && chars + texts.get(i).length() > BATCH_CHARS) {
                out.add(new int[] {start, i});
                start = i;
                chars = 0;
            }
            chars += texts.get(i).length();
        }
        if (start < texts.size()) {
            out.add(new int[] {start, texts.size()});
        }
        return out;
    }

    private List<JsonNode> call(Map<String, Object> payload, int expected) {
        requests++;
        JsonNode n = script.call(payload);
        if (!n.isArray() || n.size() != expected) {
            throw new IllegalStateException("the sandboxed parser answered " + n.size() + " of " + expected);
        }
        List<JsonNode> list = new ArrayList<>();
        n.forEach(list::add);
        return list;
    }

    private static String resource() {
        try (InputStream in = PythonAst.class.getResourceAsStream("task_ast.py")) {
            if (in == null) {
                throw new IllegalStateException("missing bundled task_ast.py");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
