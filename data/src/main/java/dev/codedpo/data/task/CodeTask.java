package dev.codedpo.data.task;

import java.util.List;

/** One input row of {@code codedpo pairs}: a task with the codes and tests sampled for it. */
public record CodeTask(String taskId, String prompt, String setup, List<String> codes, List<String> tests) {
    public CodeTask {
        setup = setup == null ? "" : setup;
        codes = List.copyOf(codes);
        tests = List.copyOf(tests);
    }
}
