package dev.codedpo.data.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.InputException;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.exec.CheckResult;
import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.ExecutionResult;
import dev.codedpo.eval.exec.PythonWorkerPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated files: determinism, the split, prompts, tests and solutions checked independently of the builder. */
class CodeWorldTest {
    @TempDir
    static Path tmp;
    static PythonWorkerPool pool;
    static Path dir;
    static World world;

    @BeforeAll
    static void generate() {
        pool = TestPool.start();
        dir = tmp.resolve("world");
        world = SmallWorld.generate(SmallWorld.CONFIG, dir, pool);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static List<JsonNode> rows(String file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(file))) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        Path again = tmp.resolve("again");
        SmallWorld.generate(SmallWorld.CONFIG, again, pool);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
        try (Stream<Path> s = Files.walk(again)) {
            assertEquals(files, s.filter(Files::isRegularFile).map(again::relativize).sorted().toList());
        }
        assertEquals(List.of("README.md", "heldout_suite.jsonl", "model/config.json", "model/tokenizer.json",
                "model/tokenizer_config.json", "sft.jsonl", "solutions.jsonl", "summary.json", "train_suite.jsonl",
                "train_tasks.jsonl"), files.stream().map(Path::toString).toList());
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(again.resolve(f)), f.toString());
        }
        Path other = tmp.resolve("other");
        SmallWorld.generate(SmallWorld.CONFIG.withSeed(8), other, pool);
        assertNotEquals(Files.readString(dir.resolve("train_tasks.jsonl")),
                Files.readString(other.resolve("train_tasks.jsonl")));
    }

    @Test
    void anExistingDirectoryIsRefusedAndLeftAlone() throws IOException {
        Path taken = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(taken.resolve("keep.txt"), "mine");
        assertThrows(InputException.class, () -> SmallWorld.generate(SmallWorld.CONFIG, taken, pool));
        assertEquals("mine", Files.readString(taken.resolve("keep.txt")));
    }

    @Test
    void heldOutCombinationsNeverOccurInTraining() throws IOException {
        Set<String> train = new HashSet<>();
        rows("train_suite.jsonl").forEach(r -> train.add(r.get("combination").asText()));
        Set<String> held = new HashSet<>();
        rows("heldout_suite.jsonl").forEach(r -> held.add(r.get("combination").asText()));
        assertEquals(10, rows("heldout_suite.jsonl").size());
        assertEquals(30, rows("train_tasks.jsonl").size());
        for (String h : held) {
            assertFalse(train.contains(h), h + " is held out but a training task uses it");
        }
        Set<String> listed = new HashSet<>();
        Json.MAPPER.readTree(Files.readString(dir.resolve("summary.json"))).get("combinations").get("heldout_list")
                .forEach(n -> listed.add(n.asText()));
        assertTrue(listed.containsAll(held));
        String readme = Files.readString(dir.resolve("README.md"));
        held.forEach(h -> assertTrue(readme.contains("`" + h + "`"), h));
        // Task ids and names do not repeat across the splits either.
        Set<String> ids = new HashSet<>();
        Stream.concat(rows("train_suite.jsonl").stream(), rows("heldout_suite.jsonl").stream())
                .forEach(r -> assertTrue(ids.add(r.get("entry_point").asText())));
    }

    @Test
    void everyHeldOutCombinationIsANewCompositionOfTrainedPairs() {
        List<Triple> all = TaskCatalog.triples(TaskCatalog.all());
        Set<Triple> held = HeldOutSplit.choose(all, 0.2, 3);
        assertTrue(held.size() > 0.15 * all.size(), "held out " + held.size() + " of " + all.size());
        Set<List<String>> trainedPairs = new HashSet<>();
        Set<String> trainedFamilies = new HashSet<>();
        for (Triple t : all) {
            if (!held.contains(t)) {
                trainedPairs.add(List.of(t.kind().name(), "f" + t.filter(), "m" + t.mapping()));
                trainedPairs.add(List.of(t.kind().name(), "m" + t.mapping(), "a" + t.aggregation()));
                trainedPairs.add(List.of(t.kind().name(), "f" + t.filter(), "a" + t.aggregation()));
                trainedFamilies.addAll(List.of(t.kind() + t.filter(), t.kind() + t.mapping(),
                        t.kind() + t.aggregation()));
            }
        }
        for (Triple t : held) {
            assertTrue(trainedPairs.contains(List.of(t.kind().name(), "f" + t.filter(), "m" + t.mapping())), t.label());
            assertTrue(trainedPairs.contains(List.of(t.kind().name(), "m" + t.mapping(), "a" + t.aggregation())),
                    t.label());
            assertTrue(trainedPairs.contains(List.of(t.kind().name(), "f" + t.filter(), "a" + t.aggregation())),
                    t.label());
        }
        for (ElementKind k : ElementKind.values()) {
            assertTrue(held.stream().anyMatch(t -> t.kind() == k), "no held-out combination of " + k);
        }
    }

    @Test
    void knownTasksHaveKnownOutputs() {
        // Independent expectations, worked by hand from the task sentences.
        TaskSpec sumSquareEven = spec(ElementKind.INTS, "even", "square", "sum");
        TaskSpec joinUpperStartA = spec(ElementKind.WORDS, "starta", "upper", "join");
        TaskSpec distinctLowerLetters = spec(ElementKind.CHARS, "letters", "lower", "distinct");
        List<List<String>> out = ReferenceOutputs.compute(pool,
                List.of(sumSquareEven, joinUpperStartA, distinctLowerLetters),
                List.of(List.of("[1, 2, 3, 4]", "[]", "[-2, -3]"), List.of("['ant', 'bee', 'apple']", "[]"),
                        List.of("'AbBa 1'", "''")),
                dev.codedpo.core.progress.Progress.NONE);
        assertEquals(List.of("20", "0", "4"), out.get(0));
        assertEquals(List.of("'ANT APPLE'", "''"), out.get(1));
        assertEquals(List.of("2", "0"), out.get(2));
        assertEquals("Return the sum of the squares of the even numbers in xs.", sumSquareEven.sentence());
        assertEquals("    return sum([x * x for x in xs if x % 2 == 0])\n", Solutions.of(sumSquareEven).get(0).body());
    }

    static TaskSpec spec(ElementKind kind, String filterName, String mappingName, String aggregation) {
        return TaskCatalog.all().stream().filter(t -> t.kind() == kind && t.filter().name().equals(filterName)
                && t.mapping().name().equals(mappingName) && t.aggregation().family().equals(aggregation))
                .findFirst().orElseThrow();
    }

    @Test
    void everySolutionPassesItsTaskTestsAndTheDocExamplesHold() throws IOException {
        List<JsonNode> suite = new ArrayList<>(rows("train_suite.jsonl"));
        suite.addAll(rows("heldout_suite.jsonl"));
        List<JsonNode> solutions = rows("solutions.jsonl");
        assertEquals(suite.size(), solutions.size());
        int programs = 0;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < suite.size(); i++) {
            JsonNode task = suite.get(i);
            JsonNode sols = solutions.get(i);
            assertEquals(task.get("task_id"), sols.get("task_id"));
            String entry = task.get("entry_point").asText();
            String check = task.get("test").asText() + "\ncheck(" + entry + ")\n";
            String doctest = "import doctest\n"
                    + "t = doctest.DocTestParser().get_doctest(" + entry + ".__doc__, dict(globals()), 'd', None, 0)\n"
                    + "r = doctest.DocTestRunner()\nr.run(t, out=lambda s: None)\n"
                    + "assert r.failures == 0 and r.tries >= 1, (r.failures, r.tries)\n";
            assertTrue(sols.get("solutions").size() >= 2, entry + " has a single solution");
            assertEquals(task.get("canonical_solution"), sols.get("solutions").get(0).get("body"));
            for (JsonNode s : sols.get("solutions")) {
                names.add(s.get("name").asText());
                String program = task.get("prompt").asText() + s.get("body").asText();
                ExecutionResult r = pool.execute(ExecutionRequest.of(program, List.of(check, doctest)));
                for (CheckResult c : r.checks()) {
                    assertTrue(c.passed(), entry + " " + s.get("name").asText() + ": " + c.status() + " "
                            + c.exceptionType() + " " + c.message());
                }
                programs++;
            }
            assertEquals(6, task.get("test").asText().split("\n    assert candidate\\(", -1).length - 1, entry);
            assertTrue(task.get("test").asText().contains("assert candidate(" + InputGenerator.edgeCases(
                    ElementKind.valueOf(kindOf(task))).get(0) + ") == "), entry + " lacks the empty input");
        }
        assertTrue(programs > 2 * suite.size());
        assertTrue(names.containsAll(List.of("reference", "loop", "two_pass")), names.toString());
    }

    static String kindOf(JsonNode suiteRow) {
        return suiteRow.get("combination").asText().split(":")[0].toUpperCase(java.util.Locale.ROOT);
    }

    @Test
    void promptsAreHumanEvalStyleAndTheTaskFileIsWhatGenerationReads() throws IOException {
        for (JsonNode t : rows("train_tasks.jsonl")) {
            assertEquals(List.of("task_id", "prompt", "entry_point"), fieldNames(t));
            String p = t.get("prompt").asText();
            String entry = t.get("entry_point").asText();
            assertTrue(p.startsWith("def " + entry + "("), p);
            assertTrue(p.contains("    \"\"\"Return "), p);
            assertTrue(p.contains("    >>> " + entry + "("), p);
            assertTrue(p.endsWith("    \"\"\"\n"), p);
        }
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> f = new ArrayList<>();
        n.fieldNames().forEachRemaining(f::add);
        return f;
    }

    @Test
    void sftRowsAreTrainingTasksOnlyWithCodeAndTestWriting() throws IOException {
        Set<String> trainIds = new HashSet<>();
        rows("train_tasks.jsonl").forEach(r -> trainIds.add(r.get("task_id").asText()));
        int code = 0;
        int tests = 0;
        int alternatives = 0;
        for (JsonNode r : rows("sft.jsonl")) {
            assertTrue(trainIds.contains(r.get("task_id").asText()), "held-out task in sft: " + r);
            switch (r.get("kind").asText()) {
                case "code" -> code++;
                case "code_alternative" -> alternatives++;
                case "tests" -> {
                    tests++;
                    assertTrue(r.get("prompt").asText().endsWith("\nassert"));
                    assertTrue(r.get("completion").asText().startsWith(" "));
                    assertEquals(4, ("assert" + r.get("completion").asText()).split("assert ", -1).length - 1);
                }
                default -> throw new AssertionError(r.toString());
            }
        }
        assertEquals(30, code);
        assertEquals(30, tests);
        assertTrue(alternatives >= 30, "alternatives: " + alternatives);
    }
    @Test
    void repeatedTestRowsWeighTestWritingAndLeaveTheTokenizerAlone() throws IOException {
        CodeWorldConfig c = SmallWorld.CONFIG;
        CodeWorldConfig twice = new CodeWorldConfig(c.seed(), c.trainTasks(), c.heldoutTasks(), c.testsPerTask(),
                c.docExamples(), c.heldoutFraction(), c.sftAlternatives(), c.sftTests(), c.sftTestAsserts(), 2,
                c.vocabSize(), c.hiddenSize(), c.intermediateSize(), c.numLayers(), c.numHeads(),
                c.maxPositionEmbeddings(), c.workers());
        Path repeated = tmp.resolve("repeated");
        SmallWorld.generate(twice, repeated, pool);
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("sft.jsonl"))) {
            expected.add(line);
            if (Json.MAPPER.readTree(line).get("kind").asText().equals("tests")) {
                expected.add(line);
            }
        }
        assertEquals(expected, Files.readAllLines(repeated.resolve("sft.jsonl")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("model/tokenizer.json")),
                Files.readAllBytes(repeated.resolve("model/tokenizer.json")));
        assertEquals(Files.readString(dir.resolve("train_tasks.jsonl")),
                Files.readString(repeated.resolve("train_tasks.jsonl")));
    }
}
