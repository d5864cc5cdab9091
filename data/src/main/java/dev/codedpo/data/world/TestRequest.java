package dev.codedpo.data.world;

import java.util.List;

/**
 * The request that asks a base model for tests, CodeT's form, as configs/prompts/tests.jinja renders it: the
 * prompt, a stub body, a comment naming the function, and an open "assert" that the model continues. The SFT file
 * teaches the demo model to answer it; the two must stay in step.
 */
public final class TestRequest {
    private TestRequest() {}

    public static String prompt(String taskPrompt, String entryPoint) {
        return taskPrompt + "    pass\n\n\n# check the correctness of " + entryPoint + "\nassert";
    }

    /** The continuation: the first assert's text after "assert", then whole assert lines. */
    public static String completion(String entryPoint, List<TestCase> tests) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tests.size(); i++) {
            String a = tests.get(i).assertion(entryPoint);
            b.append(i == 0 ? a.substring("assert".length()) : a).append('\n');
        }
        return b.toString();
    }
}
