package dev.codedpo.data.world;

import java.util.ArrayList;
import java.util.List;

/** What the demo model is pretrained on: reference solutions, optionally the slower ones, and test writing. */
public final class SftRows {
    private SftRows() {}

    /** The rows of sft.jsonl: each test-writing row {@code sft_test_repeats} times in a row. */
    public static List<SftRow> of(List<WorldTask> train, CodeWorldConfig c) {
        List<SftRow> out = new ArrayList<>();
        for (SftRow row : distinct(train, c)) {
            int copies = row.kind().equals("tests") ? c.sftTestRepeats() : 1;
            for (int i = 0; i < copies; i++) {
                out.add(row);
            }
        }
        return out;
    }

    /**
     * Each row once: the tokenizer's corpus, so that repeating test rows weighs training toward test writing
     * without changing the merges.
     */
    public static List<SftRow> distinct(List<WorldTask> train, CodeWorldConfig c) {
        List<SftRow> out = new ArrayList<>();
        for (WorldTask t : train) {
            for (Solution s : t.solutions()) {
                boolean ref = s.growth() == Solution.Growth.REFERENCE;
                if (ref || c.sftAlternatives()) {
                    out.add(new SftRow(t.prompt(), s.body(), t.taskId(), ref ? "code" : "code_alternative",
                            s.name()));
                }
            }
            if (c.sftTests()) {
                out.add(new SftRow(TestRequest.prompt(t.prompt(), t.entryPoint()),
                        TestRequest.completion(t.entryPoint(), t.tests().subList(0, c.sftTestAsserts())),
                        t.taskId(), "tests", null));
            }
        }
        return out;
    }
}
