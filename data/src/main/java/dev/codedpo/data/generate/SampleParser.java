package dev.codedpo.data.generate;

import dev.codedpo.eval.prompt.CodePostprocessor;
import dev.codedpo.eval.prompt.PromptStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Completions to candidates: the program of each code completion (as {@code codedpo eval} builds it), the assert
 * statements of each test completion, both checked by Python's parser ({@link SyntaxChecker}, one call per task);
 * what does not parse is dropped, and so are repeats (same syntax tree), each counted by reason.
 */
public final class SampleParser {
    /** Where a test sample of a base model ends: its tests are followed by something else, never by more tests. */
    public static final List<String> TEST_STOPS = List.of("\n```", "\nif __name__", "\ndef ", "\nclass ");

    /** The candidates of one task: codes parallel to the completions they came from, and the tests. */
    public record Parsed(List<String> codes, List<String> completions, List<String> tests, SampleCounts codeCounts,
                         SampleCounts testCounts) {}

    private final PromptStyle style;
    private final List<String> stops;
    private final SyntaxChecker checker;
    private final int maxTests;

    public SampleParser(PromptStyle style, List<String> stops, SyntaxChecker checker) {
        this(style, stops, checker, 0);
    }

    /** @param maxTests keep at most this many distinct asserts per task (0 = all): those the most samples wrote */
    public SampleParser(PromptStyle style, List<String> stops, SyntaxChecker checker, int maxTests) {
        this.style = style;
        this.stops = List.copyOf(stops);
        this.checker = checker;
        this.maxTests = maxTests;
    }

    /**
     * @param codePrompt  the text a base model continued for the codes (the program starts with it)
     * @param testsPrompt the text a base model continued for the tests (its last, unfinished line starts the tests)
     */
    public Parsed parse(PromptTask task, String codePrompt, String testsPrompt, List<String> codeCompletions,
                        List<String> testCompletions) {
        List<String> programs = new ArrayList<>();
        for (String c : codeCompletions) {
            programs.add(program(task, codePrompt, c));
        }
        List<String> testTexts = new ArrayList<>();
        for (String t : testCompletions) {
            testTexts.add(testText(testsPrompt, t));
        }
        SyntaxChecker.Result checked = checker.check(programs, testTexts);

        Map<String, Integer> codeDrops = new LinkedHashMap<>();
        List<String> codes = new ArrayList<>();
        List<String> completions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < programs.size(); i++) {
            SyntaxChecker.CodeCheck c = checked.codes().get(i);
            String reason = codeCompletions.get(i).isBlank() ? "empty" : !c.ok() ? "syntax_error"
                    : !seen.add(c.key()) ? "duplicate" : null;
            if (reason != null) {
                codeDrops.merge(reason, 1, Integer::sum);
            } else {
                codes.add(programs.get(i));
                completions.add(codeCompletions.get(i));
            }
        }

        Map<String, Integer> testDrops = new LinkedHashMap<>();
        List<String> tests = new ArrayList<>();
        Map<String, Integer> writtenBy = new LinkedHashMap<>();
        for (SyntaxChecker.TestSplit s : checked.tests()) {
            if (s.asserts().isEmpty()) {
                testDrops.merge(s.error() != null ? "syntax_error" : "no_assert", 1, Integer::sum);
            } else if (s.cut()) {
                testDrops.merge("cut_at_syntax_error", 1, Integer::sum);
            }
            if (s.others() > 0) {
                testDrops.merge("not_an_assert", s.others(), Integer::sum);
            }
            for (SyntaxChecker.Assert a : s.asserts()) {
                if (writtenBy.merge(a.key(), 1, Integer::sum) == 1) {
                    tests.add(a.source());
                } else {
                    testDrops.merge("duplicate", 1, Integer::sum);
                }
            }
        }
        if (maxTests > 0 && tests.size() > maxTests) {
            tests = mostWritten(tests, new ArrayList<>(writtenBy.values()), maxTests);
            testDrops.merge("over_max_tests", writtenBy.size() - maxTests, Integer::sum);
        }
        return new Parsed(codes, completions, tests,
                new SampleCounts(codeCompletions.size(), codes.size(), codeDrops),
                new SampleCounts(testCompletions.size(), tests.size(), testDrops));
    }

    /**
     * The {@code n} asserts that the most samples wrote (a model's repeated tests are its more confident ones; ties go
     * to the one written first), in the order they were first written. {@code counts} is parallel to {@code tests}.
     */
    static List<String> mostWritten(List<String> tests, List<Integer> counts, int n) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> counts.get(b) - counts.get(a));
        List<Integer> kept = new ArrayList<>(order.subList(0, n));
        java.util.Collections.sort(kept);
        List<String> out = new ArrayList<>();
        kept.forEach(i -> out.add(tests.get(i)));
        return out;
    }

    /** Base: prompt + continuation cut at the stops; instruct: the answer's code block (or the answer itself). */
    String program(PromptTask task, String codePrompt, String completion) {
        if (style == PromptStyle.BASE) {
            return CodePostprocessor.program(codePrompt, completion, PromptStyle.BASE, stops, task.entryPoint());
        }
        String code = CodePostprocessor.extractCode(completion, task.entryPoint());
        return code.endsWith("\n") ? code : code + "\n";
    }

    /** Base: the prompt's unfinished last line (e.g. "assert") + continuation; instruct: the answer's code block. */
    String testText(String testsPrompt, String completion) {
        if (style == PromptStyle.BASE) {
            String lead = testsPrompt.substring(testsPrompt.lastIndexOf('\n') + 1);
            return lead + CodePostprocessor.cutAtStops(completion, TEST_STOPS);
        }
        return CodePostprocessor.extractCode(completion, null);
    }
}
