package dev.codedpo.data.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairQualityTest {
    @Test
    void pairsAreCountedByTheTruthOfTheirCodes(@TempDir Path tmp) throws IOException {
        Path candidates = Files.writeString(tmp.resolve("candidates.jsonl"), String.join("\n",
                "{\"task_id\": \"a\", \"prompt\": \"p\", \"codes\": [\"A0\", \"A1\", \"A2\"], \"tests\": [\"t\"], "
                        + "\"model_prompt\": \"mp\", \"completions\": [\"c0\", \"c1\", \"c2\"]}",
                "{\"task_id\": \"b\", \"prompt\": \"p\", \"codes\": [\"B0\", \"B1\"], \"tests\": [\"t\"]}") + "\n");
        Path pairs = Files.writeString(tmp.resolve("pairs.jsonl"), String.join("\n",
                "{\"task_id\": \"a\", \"kind\": \"correctness\", \"chosen\": \"c0\", \"rejected\": \"c1\"}",
                "{\"task_id\": \"a\", \"kind\": \"correctness\", \"chosen\": \"c1\", \"rejected\": \"c2\"}",
                "{\"task_id\": \"a\", \"kind\": \"correctness\", \"chosen\": \"c2\", \"rejected\": \"c0\"}",
                "{\"task_id\": \"a\", \"kind\": \"efficiency\", \"chosen\": \"c0\", \"rejected\": \"c1\"}",
                "{\"task_id\": \"b\", \"kind\": \"correctness\", \"chosen\": \"B1\", \"rejected\": \"B0\"}",
                "{\"task_id\": \"b\", \"kind\": \"correctness\", \"chosen\": \"B9\", \"rejected\": \"B0\"}") + "\n");
        // a: c0 right, c1 wrong, c2 wrong; b: B0 right, B1 right
        PairQuality.Counts q = PairQuality.of(candidates, pairs, Map.of("a", new boolean[] {true, false, false},
                "b", new boolean[] {true, true}));
        assertEquals(new PairQuality.Counts(1, 1, 1, 1, 1), q);
        assertEquals(0.25, q.informativeShare(), 0.0);
    }
}
