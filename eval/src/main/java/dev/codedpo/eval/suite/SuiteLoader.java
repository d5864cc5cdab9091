package dev.codedpo.eval.suite;

import dev.codedpo.core.io.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code --suite} to a loaded {@link Suite}: a bundled name or the path of a custom suite file in HumanEval's
 * JSONL layout (rows that also carry {@code base_input}/{@code plus_input} are checked differentially, as HumanEval+).
 */
public final class SuiteLoader {
    /** Bundled suites and what they hold; the names are what {@code --suite} accepts. */
    public static final Map<String, String> BUNDLED = bundled();

    private static final String RESOURCES = "/dev/codedpo/eval/benchmarks/";
    private static final Pattern DEF = Pattern.compile("(?m)^\\s*def\\s+(\\w+)\\s*\\(");

    private SuiteLoader() {}

    private static Map<String, String> bundled() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("humaneval", "HumanEval, 164 tasks (openai/human-eval), checked by its own check() tests");
        m.put("humaneval-plus", "HumanEval+ v0.1.10, 164 tasks, base + plus inputs against reference outputs");
        m.put("mbpp", "MBPP sanitized, 427 tasks (Google), checked by its assert tests");
        m.put("mbpp-full", "MBPP original test split, tasks 11-510 (500), checked by its assert tests");
        m.put("mbpp-plus", "MBPP+ v0.2.0, 378 tasks, base + plus inputs against reference outputs");
        return Map.copyOf(m);
    }

    public static List<String> names() {
        return List.of("humaneval", "humaneval-plus", "mbpp", "mbpp-full", "mbpp-plus");
    }

    public static Suite load(String nameOrPath) {
        switch (nameOrPath) {
            case "humaneval":
                return humanEvalLayout("humaneval", resource("HumanEval.jsonl.gz"));
            case "humaneval-plus":
                return humanEvalLayout("humaneval-plus", resource("HumanEvalPlus-v0.1.10.jsonl.gz"));
            case "mbpp":
                return mbppSanitized(resource("sanitized-mbpp.json.gz"));
            case "mbpp-full":
                return mbppFull(resource("mbpp.jsonl.gz"));
            case "mbpp-plus":
                return mbppPlus(resource("MbppPlus-v0.2.0.jsonl.gz"));
            default:
                return custom(Path.of(nameOrPath));
        }
    }

    private static SourceLines.Loaded resource(String file) {
        try (InputStream in = SuiteLoader.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("bundled benchmark missing from the jar: " + file);
            }
            return SourceLines.read(file, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled " + file, e);
        }
    }

    private static Suite custom(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputException("--suite " + path + ": neither a bundled suite (" + String.join(", ", names())
                    + ") nor an existing file");
        } catch (IOException e) {
            throw new InputException(path + ": cannot read: " + e.getMessage());
        }
        String name = path.toAbsolutePath().normalize().toString();
        return humanEvalLayout(name, SourceLines.read(name, bytes));
    }

    /** HumanEval layout: task_id, prompt, entry_point, test, optional canonical_solution; HumanEval+ adds inputs. */
    static Suite humanEvalLayout(String name, SourceLines.Loaded data) {
        List<Task> tasks = new ArrayList<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        for (SourceLines.Line line : data.lines()) {
            String id = line.string("task_id");
            Long before = seen.put(id, line.number());
            if (before != null) {
                throw line.error("task_id \"" + id + "\" already used on line " + before);
            }
            String prompt = line.string("prompt");
            String entry = line.string("entry_point");
            String canonical = line.optionalString("canonical_solution");
            String reference = canonical == null ? null : prompt + canonical;
            if (line.node().has("base_input") || line.node().has("plus_input")) {
                if (reference == null) {
                    throw line.error("differential rows (base_input/plus_input) need a canonical_solution");
                }
                double atol = line.node().path("atol").asDouble(0.0);
                Differential d = new Differential("humaneval", atol, line.rawField("base_input"),
                        line.rawField("plus_input"));
                tasks.add(new Task(id, prompt, entry, reference, "", List.of(), d));
            } else {
                String test = line.string("test");
                tasks.add(new Task(id, prompt, entry, reference, "",
                        List.of(test + "\n\ncheck(" + entry + ")\n"), null));
            }
        }
        if (tasks.isEmpty()) {
            throw new InputException(name + ": the suite has no tasks");
        }
        return new Suite(name, data.sha256(), tasks);
    }

    /** Sanitized MBPP: the tests' imports run before the code (setup), each assert is one test. */
    static Suite mbppSanitized(SourceLines.Loaded data) {
        List<Task> tasks = new ArrayList<>();
        for (SourceLines.Line line : data.lines()) {
            int number = line.node().path("task_id").asInt();
            String code = line.string("code");
            List<String> tests = line.strings("test_list");
            String imports = String.join("\n", line.strings("test_imports"));
            tasks.add(new Task("Mbpp/" + number, mbppPrompt(line.string("prompt"), tests.get(0)),
                    entryPoint(code, tests.get(0)), code, imports, tests, null));
        }
        return new Suite("mbpp", data.sha256(), tasks);
    }

    /**
     * The original MBPP test split (11-510). {@code test_setup_code} runs after the solution, at the start of each
     * test: task 367's setup builds trees with the {@code Node} class that the solution itself defines.
     */
    static Suite mbppFull(SourceLines.Loaded data) {
        List<Task> tasks = new ArrayList<>();
        for (SourceLines.Line line : data.lines()) {
            int number = line.node().path("task_id").asInt();
            if (number < 11 || number > 510) {
                continue;
            }
            String code = line.string("code");
            List<String> asserts = line.strings("test_list");
            String setup = line.optionalString("test_setup_code");
            List<String> tests = new ArrayList<>();
            for (String a : asserts) {
                tests.add(setup == null || setup.isBlank() ? a : setup + "\n" + a);
            }
            tasks.add(new Task("Mbpp/" + number, mbppPrompt(line.string("text"), asserts.get(0)),
                    entryPoint(code, asserts.get(0)), code, "", tests, null));
        }
        return new Suite("mbpp-full", data.sha256(), tasks);
    }

    static Suite mbppPlus(SourceLines.Loaded data) {
        List<Task> tasks = new ArrayList<>();
        for (SourceLines.Line line : data.lines()) {
            String prompt = line.string("prompt");
            Differential d = new Differential("mbpp", line.node().path("atol").asDouble(0.0),
                    line.rawField("base_input"), line.rawField("plus_input"));
            tasks.add(new Task(line.string("task_id"), prompt, line.string("entry_point"),
                    prompt + line.string("canonical_solution"), "", List.of(), d));
        }
        return new Suite("mbpp-plus", data.sha256(), tasks);
    }

    /** EvalPlus's MBPP prompt: the task text and its first test inside a docstring. */
    static String mbppPrompt(String text, String firstTest) {
        return "\"\"\"\n" + text.strip() + "\n" + firstTest.strip() + "\n\"\"\"\n";
    }

    /** The function of the reference code that the first test calls. */
    static String entryPoint(String code, String firstTest) {
        Matcher m = DEF.matcher(code);
        String first = null;
        while (m.find()) {
            String name = m.group(1);
            first = first == null ? name : first;
            if (Pattern.compile("\\b" + Pattern.quote(name) + "\\s*\\(").matcher(firstTest).find()) {
                return name;
            }
        }
        return first;
    }
}
