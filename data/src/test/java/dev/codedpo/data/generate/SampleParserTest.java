package dev.codedpo.data.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.codedpo.eval.prompt.PromptStyle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Completions to candidates with Python's real parser in the sandbox: known inputs, exact codes, tests and counts. */
class SampleParserTest {
    static SyntaxChecker checker() {
        return TestPool.checker();
    }

    static final PromptTask TASK = new PromptTask("t1", "def add(a, b):\n    \"\"\"Sum.\"\"\"\n", "add", "");

    @Test
    void baseCodesAreThePromptPlusTheContinuationCutAtStopsWithBadAndRepeatedOnesCounted() {
        SampleParser p = new SampleParser(PromptStyle.BASE, List.of("\nif __name__", "\nprint("), checker());
        String prompt = TASK.prompt();
        SampleParser.Parsed r = p.parse(TASK, prompt, "assert", List.of(
                "    return a + b\n\nprint(add(1, 2))\n",         // cut at the stop: prompt + body
                "    return a +\n",                                // syntax error
                "    return a + b  # same tree as the first\n",    // duplicate once comments are ignored
                "   ",                                             // empty
                "    return b + a\n"), List.of(" add(1, 2) == 3\n"));
        assertEquals(List.of(prompt + "    return a + b\n", prompt + "    return b + a\n"), r.codes());
        assertEquals(List.of("    return a + b\n\nprint(add(1, 2))\n", "    return b + a\n"), r.completions());
        assertEquals(new SampleCounts(5, 2, Map.of("syntax_error", 1, "duplicate", 1, "empty", 1)), r.codeCounts());
    }

    @Test
    void testsAreSplitIntoAssertsKeepingMultiLineOnesWholeAndDroppingTheRest() {
        SampleParser p = new SampleParser(PromptStyle.BASE, List.of(), checker());
        String multi = "assert add(\n    1,\n    5,\n) == 6";
        SampleParser.Parsed r = p.parse(TASK, TASK.prompt(), "# tests\nassert", List.of("    return a + b\n"),
                List.of(
                        " add(1, 2) == 3\nx = 5\nassert add(x, 1) == 6; assert add(0, 0) == 0\n",
                        " add(1,2)==3\n" + multi + "\n",            // first is a duplicate (same tree)
                        " add(2, 2) == 4\nassert add(3,\n",         // cut at max tokens: keeps the first
                        " (((\n",                                   // nothing parses
                        " True or x\n\ndef helper():\n    pass\n",  // cut at "\ndef " (a test stop)
                        "\nx = 1\n"));                              // "assert" alone then no assert: syntax error
        assertEquals(List.of("assert add(1, 2) == 3", "assert add(x, 1) == 6", "assert add(0, 0) == 0", multi,
                "assert add(2, 2) == 4", "assert True or x"), r.tests());
        assertEquals(new SampleCounts(6, 6, Map.of("not_an_assert", 1, "duplicate", 1, "cut_at_syntax_error", 1,
                "syntax_error", 2)), r.testCounts());
    }

    @Test
    void maxTestsKeepsTheAssertsTheMostSamplesWroteInTheOrderFirstWritten() {
        SampleParser p = new SampleParser(PromptStyle.BASE, List.of(), checker(), 2);
        SampleParser.Parsed r = p.parse(TASK, TASK.prompt(), "assert", List.of("    return a + b\n"), List.of(
                " add(0, 0) == 0\nassert add(1, 1) == 2\n",
                " add(5, 5) == 10\nassert add(1, 1) == 2\n",
                " add(5, 5) == 10\nassert add(1,1)==2\n",          // the same tree as add(1, 1) == 2
                " add(7, 0) == 7\n"));
        // written: add(0, 0) once, add(1, 1) three times, add(5, 5) twice, add(7, 0) once
        assertEquals(List.of("assert add(1, 1) == 2", "assert add(5, 5) == 10"), r.tests());
        assertEquals(new SampleCounts(4, 2, Map.of("duplicate", 3, "over_max_tests", 2)), r.testCounts());
        assertEquals(List.of("assert add(0, 0) == 0", "assert add(1, 1) == 2", "assert add(5, 5) == 10",
                "assert add(7, 0) == 7"), new SampleParser(PromptStyle.BASE, List.of(), checker())
                .parse(TASK, TASK.prompt(), "assert", List.of("    return a + b\n"), List.of(
                        " add(0, 0) == 0\nassert add(1, 1) == 2\n", " add(5, 5) == 10\nassert add(1, 1) == 2\n",
                        " add(5, 5) == 10\nassert add(1,1)==2\n", " add(7, 0) == 7\n")).tests());
    }

    @Test
    void instructAnswersGiveTheirFencedBlocks() {
        SampleParser p = new SampleParser(PromptStyle.INSTRUCT, List.of("\n```"), checker());
        SampleParser.Parsed r = p.parse(TASK, "ignored", "ignored", List.of(
                "Here you go:\n```python\ndef add(a, b):\n    return a + b\n```\nDone.",
                "def add(a, b): return a - b"),
                List.of("Tests:\n```python\nassert add(1, 1) == 2\nprint('x')\n```\n", "no code at all"));
        assertEquals(List.of("def add(a, b):\n    return a + b\n", "def add(a, b): return a - b\n"), r.codes());
        assertEquals(List.of("assert add(1, 1) == 2"), r.tests());
        assertEquals(Map.of("not_an_assert", 1, "syntax_error", 1), r.testCounts().dropped());
    }
}
