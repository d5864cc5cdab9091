package dev.codedpo.data.world;

import java.util.List;

/** The HumanEval-style prompt of a task: signature, then a docstring with the sentence and doctest examples. */
public final class PromptWriter {
    private PromptWriter() {}

    /** The signature alone: what the reference outputs are computed with, before examples exist. */
    public static String signature(TaskSpec t) {
        return "def " + t.entryPoint() + "(" + t.kind().param() + "):\n";
    }

    public static String prompt(TaskSpec t, List<TestCase> examples) {
        StringBuilder b = new StringBuilder(signature(t));
        b.append("    \"\"\"").append(t.sentence()).append('\n');
        for (TestCase e : examples) {
            b.append("    >>> ").append(t.entryPoint()).append('(').append(e.input()).append(")\n");
            b.append("    ").append(e.expected()).append('\n');
        }
        return b.append("    \"\"\"\n").toString();
    }
}
