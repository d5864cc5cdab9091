package dev.codedpo.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.config.SampleConfig.Lora;
import dev.codedpo.core.config.SampleConfig.Order;
import dev.codedpo.core.io.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFlowTest {
    private static final SampleConfig D = SampleConfig.defaults();

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path p = dir.resolve("train.yaml");
        Files.writeString(p, text);
        return p;
    }

    private static SampleConfig sets(String... sets) {
        return ConfigLoader.load(SampleConfig.class, D, null, List.of(sets), Map.of());
    }

    private static String error(Runnable r) {
        return assertThrows(InputException.class, r::run).getMessage();
    }

    @Test
    void nothingGivenIsTheDefaults() {
        assertEquals(D, ConfigLoader.load(SampleConfig.class, D, null, List.of(), Map.of()));
    }

    @Test
    void yamlBlocksMergeKeyByKey() throws IOException {
        SampleConfig c = ConfigLoader.load(SampleConfig.class, D, yaml("epochs: 5\nlora:\n  rank: 4\n"), List.of(),
                Map.of());
        assertEquals(new SampleConfig(1e-5, 5, D.maxSteps(), true, "base", null, Order.TESTS_FIRST, D.seeds(),
                D.betas(), new Lora(4, 16, List.of("q_proj", "v_proj"))), c);
    }

    @Test
    void emptyYamlChangesNothing() throws IOException {
        assertEquals(D, ConfigLoader.load(SampleConfig.class, D, yaml("# nothing set\n"), List.of(), Map.of()));
    }

    @Test
    void setBeatsYamlAndOptionsBeatSet() throws IOException {
        Path y = yaml("epochs: 5\nrun_name: from-yaml\n");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("run_name", "from-option");
        options.put("bf16", null);          // an option not given
        options.put("lora.alpha", 32.0);
        SampleConfig c = ConfigLoader.load(SampleConfig.class, D, y,
                List.of("epochs=6", "run_name=from-set", "epochs=7", "bf16=false"), options);
        assertEquals(7, c.epochs());
        assertEquals("from-option", c.runName());
        assertEquals(false, c.bf16());
        assertEquals(32.0, c.lora().alpha());
        assertEquals(8, c.lora().rank());
    }

    @Test
    void setValuesAreTypedByTheKey() {
        SampleConfig c = sets("learning_rate=5e-6", "epochs=1_000", "max_steps=20000000000", "bf16=FALSE",
                "run_name=a b, c", "eval_file=data/eval.jsonl", "order=simultaneous", "seeds=3, 4,5",
                "betas=[0.8, 9.5e-1]", "lora.rank=16", "lora.targets=[o_proj]");
        assertEquals(new SampleConfig(5e-6, 1000, 20_000_000_000L, false, "a b, c", Path.of("data/eval.jsonl"),
                Order.SIMULTANEOUS, List.of(3L, 4L, 5L), List.of(0.8, 0.95), new Lora(16, 16, List.of("o_proj"))), c);
    }

    @Test
    void setNullListsAndQuotes() {
        SampleConfig c = sets("eval_file=x.jsonl", "eval_file=null", "run_name='null'", "lora.targets=", "seeds=[]");
        assertEquals(null, c.evalFile());
        assertEquals("null", c.runName());
        assertEquals(List.of(), c.lora().targets());
        assertEquals(List.of(), c.seeds());
        assertEquals(null, sets("run_name=null").runName());
        assertEquals("--set epochs: expected an integer, got null", error(() -> sets("epochs=null")));
    }

    @Test
    void anOptionalBlockCanBeSwitchedOffAndOnAgain() throws IOException {
        assertEquals(null, sets("lora=null").lora());
        assertEquals(null, ConfigLoader.load(SampleConfig.class, D, yaml("lora: null\n"), List.of(), Map.of()).lora());
        // A block given after null starts from nothing: keys not given take the record's own handling of missing.
        assertEquals(new Lora(4, 0, null), sets("lora=null", "lora.rank=4").lora());
    }

    @Test
    void setReplacesOrMergesAWholeBlock() {
        assertEquals(new Lora(2, 16, List.of("q_proj", "v_proj")), sets("lora={rank: 2}").lora());
        assertEquals("--set lora: expected a mapping of keys, got 3", error(() -> sets("lora=3")));
    }

    @Test
    void exponentNumbersWithoutADotAreNumbers() throws IOException {
        assertEquals(5e-6, ConfigLoader.load(SampleConfig.class, D, yaml("learning_rate: 5e-6\n"), List.of(),
                Map.of()).learningRate());
        assertEquals(5e-6, ConfigLoader.load(SampleConfig.class, D, yaml("learning_rate: \"5e-6\"\n"), List.of(),
                Map.of()).learningRate());
        assertEquals(1e-8, sets("learning_rate=1e-8").learningRate());
        assertEquals(2e-5, sets("learning_rate=2E-05").learningRate());
        assertEquals(1000, sets("epochs=1e3").epochs());
        assertEquals(List.of(1e-4, 1.0), sets("betas=1e-4,1").betas());
        assertEquals("--set epochs: expected an integer, got \"2.5\"", error(() -> sets("epochs=2.5")));
        assertEquals("--set learning_rate: expected a number, got \"1e-5x\"", error(() -> sets("learning_rate=1e-5x")));
    }

    @Test
    void wrongTypesNameTheSourceAndTheKeyPath() throws IOException {
        Path y = yaml("lora:\n  rank: eight\n");
        assertEquals(y + ": lora.rank: expected an integer, got \"eight\"",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y, List.of(), Map.of())));
        Path y2 = yaml("bf16: 1\n");
        assertEquals(y2 + ": bf16: expected true or false, got 1",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y2, List.of(), Map.of())));
        Path y3 = yaml("seeds: [1, two]\n");
        assertEquals(y3 + ": seeds[1]: expected an integer, got \"two\"",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y3, List.of(), Map.of())));
        Path y4 = yaml("lora: 8\n");
        assertEquals(y4 + ": lora: expected a mapping of keys, got 8",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y4, List.of(), Map.of())));
        Path y5 = yaml("run_name: [a]\n");
        assertEquals(y5 + ": run_name: expected a string, got a list",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y5, List.of(), Map.of())));
        assertEquals("--set epochs: expected an integer from -2147483648 to 2147483647, got \"3000000000\"",
                error(() -> sets("epochs=3000000000")));
        assertEquals("option lora.rank: expected an integer, got \"x\"", error(() ->
                ConfigLoader.load(SampleConfig.class, D, null, List.of(), Map.of("lora.rank", "x"))));
        assertEquals("option epochs: expected an integer, got 1.5", error(() ->
                ConfigLoader.load(SampleConfig.class, D, null, List.of(), Map.of("epochs", 1.5))));
    }

    @Test
    void unknownKeysAreFatalWithTheClosestKnownKey() throws IOException {
        Path y = yaml("epohcs: 3\n");
        assertEquals(y + ": epohcs: unknown key (did you mean epochs?)",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y, List.of(), Map.of())));
        Path y2 = yaml("lora:\n  rnak: 3\n");
        assertEquals(y2 + ": lora.rnak: unknown key (did you mean lora.rank?)",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y2, List.of(), Map.of())));
        assertEquals("--set lr: unknown key (did you mean learning_rate?)", error(() -> sets("lr=1e-5")));
        assertEquals("--set rank: unknown key (did you mean lora.rank?)", error(() -> sets("rank=4")));
        assertEquals("--set learningRate: unknown key (did you mean learning_rate?)",
                error(() -> sets("learningRate=1")));
        assertEquals("--set lora.zzz: unknown key (known keys here: rank, alpha, targets)",
                error(() -> sets("lora.zzz=1")));
        assertEquals("--set epochs.x: unknown key (epochs is an integer, not a block of keys)",
                error(() -> sets("epochs.x=1")));
        assertEquals("--set epochs: expected key=value, e.g. --set lora.rank=8", error(() -> sets("epochs")));
        assertEquals("option lora.ranks: unknown key (did you mean lora.rank?)", error(() ->
                ConfigLoader.load(SampleConfig.class, D, null, List.of(), Map.of("lora.ranks", 3))));
    }

    @Test
    void enumsByTheirJsonNames() {
        assertEquals(Order.SIMULTANEOUS, sets("order=simultaneous").order());
        assertEquals(Order.TESTS_FIRST, sets("order=TESTS_FIRST").order());
        assertEquals("--set order: expected one of tests-first, simultaneous; got \"sometimes\"",
                error(() -> sets("order=sometimes")));
        assertEquals(Order.SIMULTANEOUS, ConfigLoader.load(SampleConfig.class, D, null, List.of(),
                Map.of("order", Order.SIMULTANEOUS)).order());
    }

    @Test
    void constructorValidationIsReportedWithoutJacksonNoise() throws IOException {
        assertEquals("invalid configuration: lora.rank must be >= 1, got 0", error(() -> sets("lora.rank=0")));
        Path y = yaml("learning_rate: -1\n");
        assertEquals("invalid configuration: learning_rate must be > 0, got -1.0",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y, List.of(), Map.of())));
    }

    record Plain(int steps, Inner inner, Map<String, Integer> weights) {
        record Inner(double scale) {}
    }

    @Test
    void componentNamesAreKeysWithoutJsonPropertyAndOtherTypesGoToJackson() throws IOException {
        Plain d = new Plain(1, new Plain.Inner(2), Map.of("a", 1));
        Path y = yaml("steps: 5\ninner: {scale: 1e-3}\nweights: {b: 2}\n");
        assertEquals(new Plain(6, new Plain.Inner(1e-3), Map.of("c", 3)),
                ConfigLoader.load(Plain.class, d, y, List.of("steps=6", "weights={c: 3}"), Map.of()));
        Path bad = yaml("weights: {b: two}\n");
        String e = error(() -> ConfigLoader.load(Plain.class, d, bad, List.of(), Map.of()));
        assertTrue(e.startsWith("invalid configuration: weights.b: "), e);
    }

    @Test
    void badYamlIsReportedAtItsLine() throws IOException {
        Path y = yaml("epochs: 3\nlora: [1,\n");
        String e = error(() -> ConfigLoader.load(SampleConfig.class, D, y, List.of(), Map.of()));
        assertTrue(e.startsWith(y + ":2: invalid YAML: while parsing a flow node; "), e);
        assertTrue(!e.contains("\n"), e);
        Path y2 = yaml("epochs: 3\nbf16: true\nepochs: 4\n");
        assertEquals(y2 + ":3: invalid YAML: duplicate key 'epochs'",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y2, List.of(), Map.of())));
        Path y3 = yaml("- epochs\n");
        assertEquals(y3 + ": expected a mapping of key: value, got a list",
                error(() -> ConfigLoader.load(SampleConfig.class, D, y3, List.of(), Map.of())));
        Path missing = dir.resolve("none.yaml");
        assertEquals(missing + ": no such file",
                error(() -> ConfigLoader.load(SampleConfig.class, D, missing, List.of(), Map.of())));
    }
}
