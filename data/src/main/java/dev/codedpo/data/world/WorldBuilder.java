package dev.codedpo.data.world;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.data.world.tokenizer.BpeModel;
import dev.codedpo.data.world.tokenizer.BpeTrainer;
import dev.codedpo.eval.exec.CodeExecutor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Builds a world from its settings: draws the held-out combinations and the tasks, draws inputs, runs the references
 * for the expected outputs, writes the prompts, checks every solution against the tests, trains the tokenizer.
 */
public final class WorldBuilder {
    private static final Set<String> TRIVIAL_OUTPUTS = Set.of("0", "[]", "''");

    private final CodeExecutor executor;
    private final BiFunction<String, Long, Progress> progress;
    private final Consumer<String> log;

    public WorldBuilder(CodeExecutor executor, BiFunction<String, Long, Progress> progress, Consumer<String> log) {
        this.executor = executor;
        this.progress = progress;
        this.log = log;
    }

    public World build(CodeWorldConfig c) {
        List<TaskSpec> catalog = TaskCatalog.all();
        List<Triple> triples = TaskCatalog.triples(catalog);
        Set<Triple> held = HeldOutSplit.choose(triples, c.heldoutFraction(), c.seed());
        List<TaskSpec> train = TaskSelection.draw(catalog, held, false, c.trainTasks(), new Random(c.seed() * 31 + 1),
                "train_tasks");
        List<TaskSpec> heldOut = TaskSelection.draw(catalog, held, true, c.heldoutTasks(),
                new Random(c.seed() * 31 + 2), "heldout_tasks");
        log.accept(String.format("codedpo world: %d of %d tasks (%d train, %d held-out); %d of %d combinations held out",
                train.size() + heldOut.size(), catalog.size(), train.size(), heldOut.size(), held.size(),
                triples.size()));

        List<TaskSpec> all = new ArrayList<>(train);
        all.addAll(heldOut);
        List<List<String>> inputs = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean isHeld = i >= train.size();
            int index = isHeld ? i - train.size() : i;
            Random r = new Random(c.seed() * 1_000_003L + (isHeld ? 500_000L : 0L) + index);
            inputs.add(InputGenerator.inputs(all.get(i).kind(), c.testsPerTask(), r));
        }
        List<List<String>> outputs;
        try (Progress p = progress.apply("references", (long) all.size())) {
            outputs = ReferenceOutputs.compute(executor, all, inputs, p);
        }
        List<WorldTask> tasks = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            boolean isHeld = i >= train.size();
            String id = (isHeld ? "world-heldout/" + (i - train.size()) : "world-train/" + i);
            List<TestCase> tests = new ArrayList<>();
            for (int j = 0; j < inputs.get(i).size(); j++) {
                tests.add(new TestCase(inputs.get(i).get(j), outputs.get(i).get(j)));
            }
            TaskSpec t = all.get(i);
            String prompt = PromptWriter.prompt(t, examples(tests, t.kind(), c.docExamples()));
            tasks.add(new WorldTask(id, isHeld, t, prompt, Solutions.of(t), tests));
        }
        List<String> failed;
        try (Progress p = progress.apply("checking solutions", (long) SolutionCheck.programs(tasks))) {
            failed = SolutionCheck.failures(executor, tasks, p);
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " world solution(s) fail their tests, first: "
                    + failed.get(0));
        }
        List<WorldTask> trainTasks = tasks.subList(0, train.size());
        BpeModel tokenizer = BpeTrainer.train(corpus(trainTasks, c), c.vocabSize());
        log.accept(String.format("codedpo world: tokenizer of %d tokens (%d merges) learned from the training tasks",
                tokenizer.size(), tokenizer.merges().size()));
        return new World(c, catalog.size(), triples, held, trainTasks, tasks.subList(train.size(), tasks.size()),
                tokenizer);
    }

    /** Doctest examples: random tests (not edge cases) with telling outputs first. */
    static List<TestCase> examples(List<TestCase> tests, ElementKind kind, int n) {
        List<TestCase> random = tests.subList(InputGenerator.edgeCases(kind).size(), tests.size());
        Set<TestCase> chosen = new LinkedHashSet<>();
        random.stream().filter(t -> !TRIVIAL_OUTPUTS.contains(t.expected())).limit(n).forEach(chosen::add);
        random.stream().limit(n).forEach(t -> {
            if (chosen.size() < n) {
                chosen.add(t);
            }
        });
        return List.copyOf(chosen);
    }

    /** The tokenizer's training text: everything the SFT file shows the model for training tasks. */
    static List<String> corpus(List<WorldTask> train, CodeWorldConfig c) {
        List<String> out = new ArrayList<>();
        for (SftRow row : SftRows.distinct(train, c)) {
            out.add(row.prompt() + row.completion());
        }
        return out;
    }
}
