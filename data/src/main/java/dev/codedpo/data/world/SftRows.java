package dev.codedpo.data.world;

import java.util.ArrayList;
import java.util.List;

/** What the demo model is pretrained on: reference solutions, optionally the slower ones, and test writing. */
public final class SftRows {
    private SftRows() {}

    public static List<SftRow> of(List<WorldTask> train, CodeWorldConfig c) {
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
