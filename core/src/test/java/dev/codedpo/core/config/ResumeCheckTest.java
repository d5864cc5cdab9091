package dev.codedpo.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.config.SampleConfig.Lora;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeCheckTest {
    @TempDir
    Path dir;

    private static SampleConfig withSets(String... sets) {
        return ConfigLoader.load(SampleConfig.class, SampleConfig.defaults(), null, List.of(sets), Map.of());
    }

    @Test
    void firstRunRecordsTheSettingsAsTheyAreWritten() throws IOException {
        Path run = dir.resolve("out/run.json");
        ResumeCheck.requireSameOrRecord(run, withSets("eval_file=data/eval.jsonl"));
        JsonNode written = Json.MAPPER.readTree(Files.readString(run));
        assertEquals("data/eval.jsonl", written.get("eval_file").asText());
        assertEquals(8, written.get("lora").get("rank").asInt());
        assertEquals(1e-5, written.get("learning_rate").asDouble());
        try (var files = Files.list(run.getParent())) {
            assertEquals(List.of(run), files.toList()); // no temporary file left beside it
        }
    }

    @Test
    void sameSettingsResume() {
        Path run = dir.resolve("run.json");
        ResumeCheck.requireSameOrRecord(run, SampleConfig.defaults());
        ResumeCheck.requireSameOrRecord(run, SampleConfig.defaults());
        ResumeCheck.requireSameOrRecord(run, ConfigTree.of(SampleConfig.defaults()));
    }

    @Test
    void aChangedKeyIsRefusedByName() throws IOException {
        Path run = dir.resolve("run.json");
        ResumeCheck.requireSameOrRecord(run, SampleConfig.defaults());
        String before = Files.readString(run);

        String e = assertThrows(InputException.class,
                () -> ResumeCheck.requireSameOrRecord(run, withSets("learning_rate=2e-5"))).getMessage();
        assertTrue(e.startsWith("cannot resume: learning_rate was 1e-05, now 2e-05 ("), e);
        assertTrue(e.contains("run.json"), e);

        e = assertThrows(InputException.class,
                () -> ResumeCheck.requireSameOrRecord(run, withSets("lora.rank=4", "seeds=1"))).getMessage();
        assertTrue(e.startsWith("cannot resume: seeds was [1, 2], now [1] ("), e);

        e = assertThrows(InputException.class,
                () -> ResumeCheck.requireSameOrRecord(run, withSets("lora.targets=q_proj,k_proj"))).getMessage();
        assertTrue(e.startsWith(
                "cannot resume: lora.targets was [\"q_proj\", \"v_proj\"], now [\"q_proj\", \"k_proj\"]"), e);

        e = assertThrows(InputException.class,
                () -> ResumeCheck.requireSameOrRecord(run, withSets("eval_file=x"))).getMessage();
        assertTrue(e.startsWith("cannot resume: eval_file was null, now \"x\""), e);

        e = assertThrows(InputException.class, () -> ResumeCheck.requireSameOrRecord(run,
                Map.of("learning_rate", 1e-5))).getMessage();
        assertTrue(e.startsWith("cannot resume: epochs was 3, now absent"), e);

        assertEquals(before, Files.readString(run)); // a refused run leaves the record alone
    }

    @Test
    void anUnreadableRecordIsAnInputError() throws IOException {
        Path run = dir.resolve("run.json");
        Files.writeString(run, "{\"learning_rate\": ");
        String e = assertThrows(InputException.class,
                () -> ResumeCheck.requireSameOrRecord(run, new Lora(8, 16, List.of()))).getMessage();
        assertTrue(e.startsWith(run + ": unreadable ("), e);
    }
}
