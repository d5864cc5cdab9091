package dev.codedpo.data.pairing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.codedpo.core.io.Json;
import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import dev.codedpo.eval.exec.SandboxLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pair builder's files come out in the input's task order whatever order the workers finish in: a training run
 * shuffles rows by seed from the file's order, so an order that depends on scheduling would change its batches.
 */
class TaskOrderTest {
    @TempDir
    Path dir;

    @Test
    void tasksThatFinishOutOfOrderAreWrittenInInputOrder() throws IOException {
        // t/1 is slow: with two workers t/2 finishes first, and is appended first.
        String slow = Json.line(Map.of("task_id", "t/1", "prompt", "p-t/1", "setup", "slow",
                "codes", List.of("a|0.01", "b|0.03", "c|0.01", "d|0.01"), "tests", List.of("t1:a,b", "t2:a,b", "t3:c")));
        Path in = dir.resolve("tasks.jsonl");
        Files.writeString(in, slow + "\n" + PairBuilderTest.task("t/2") + "\n");
        ScriptedExecutor slowFirst = new ScriptedExecutor() {
            @Override
            public ExecutionResult execute(ExecutionRequest request) {
                if (request.setup().equals("slow")) {
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.execute(request);
            }
        };
        new PairBuilder(PairsConfig.defaults(), slowFirst, SandboxLimits.defaults(), (n, t) -> Progress.NONE)
                .run(in, dir.resolve("out"));
        for (String f : List.of("pairs.jsonl", "executions.jsonl", "scores.jsonl", "kto.jsonl", "sft.jsonl")) {
            List<String> ids = PairBuilderTest.rows(dir.resolve("out").resolve(f)).stream()
                    .map(r -> r.get("task_id").asText()).distinct().toList();
            assertEquals(List.of("t/1", "t/2"), ids, f);
        }
    }

    @Test
    void rowsAreGroupedInTheGivenOrderAndAFileInOrderIsLeftAlone() throws IOException {
        Path f = dir.resolve("rows.jsonl");
        Files.writeString(f, "{\"task_id\":\"b\",\"n\":1}\n{\"task_id\":\"x\",\"n\":2}\n{\"task_id\":\"a\",\"n\":3}\n"
                + "{\"task_id\":\"a\",\"n\":4}\n{\"task_id\":\"c\",\"caf\u00e9\":5}\n");
        TaskRows.orderByTask(f, List.of("a", "b", "c"));
        assertEquals("{\"task_id\":\"a\",\"n\":3}\n{\"task_id\":\"a\",\"n\":4}\n{\"task_id\":\"b\",\"n\":1}\n"
                + "{\"task_id\":\"c\",\"caf\u00e9\":5}\n{\"task_id\":\"x\",\"n\":2}\n", Files.readString(f));

        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(f, old);
        TaskRows.orderByTask(f, List.of("a", "b", "c"));
        assertEquals(old, Files.getLastModifiedTime(f), "a file already in order is not rewritten");
    }
}
