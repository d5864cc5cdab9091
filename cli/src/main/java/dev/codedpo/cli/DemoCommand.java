package dev.codedpo.cli;

import dev.codedpo.core.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codedpo demo}: the bundled miniature CodeDPO experiment, from nothing to the report. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        header = "The bundled miniature experiment: world, SFT model, CodeDPO, ablations, report; resumable.",
        description = {
            "Generates the code world (configs/demo-world.yaml), pretrains a small Llama model from scratch by SFT "
                + "per seed (configs/demo-pretrain.yaml), runs CodeDPO on it as `codedpo run` does "
                + "(configs/demo-run.yaml) and the ablations (KTO, SFT on the best codes, DPO with the pass-count, "
                + "all-tests, CodeT and random rankings) sharing the main run's finished stages and recorded "
                + "executions, measures each ranking against the ground truth, and writes OUT/report.md with its "
                + "charts; the tables are printed at the end.%n",
            "Run again to resume: finished work is skipped. Nothing is downloaded. A seed gives the same numbers in "
                + "every run. The default takes about 6 minutes on 2 cores, 13 where a fork is slow (docs/DEMO.md); "
                + "--quick about 20 s.%n"})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "One seed, a small world and few samples (for tests and CI).")
    boolean quick;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds 0..N-1 (default 3; --quick: 1).")
    Integer seeds;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default runs/demo, "
            + "runs/demo-quick with --quick).")
    Path out;

    @Option(names = "--configs", paramLabel = "DIR", description = "Where the demo-*.yaml files are (default configs).")
    Path configs = Path.of("configs");

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting of world., pretrain. or "
            + "run. (e.g. --set run.train.learning_rate=1e-4; repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--parallel-seeds", paramLabel = "N", description = "Seeds run at once, each in its own JVM "
            + "(default: one per core, at most the number of seeds; 1 = one after the other in this process).")
    Integer parallelSeeds;

    @Option(names = "--only-seed", paramLabel = "S", hidden = true,
            description = "Work on seed S only and print nothing (how the demo runs its seeds side by side).")
    Long onlySeed;

    @Override
    public Integer call() {
        // The demo's models are tiny: their ops are too small to split, and a second OpenMP thread that the OS
        // deschedules spins (18 s idle vs 257 s under load for --quick). Unless the user chose, one engine thread;
        // it takes effect when the engine loads, which in the CLI happens after this line.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        Path dir = (out != null ? out : Path.of("runs", quick ? "demo-quick" : "demo")).toAbsolutePath().normalize();
        int parallel = parallelSeeds != null ? parallelSeeds : Runtime.getRuntime().availableProcessors();
        int seedCount = seeds != null ? seeds : quick ? 1 : 3;
        DemoSettings settings = new DemoSettings(configs, dir, seedCount, quick, sets, onlySeed, parallel);
        long t0 = System.nanoTime();
        DemoRecipe recipe = new DemoRecipe(settings, DemoVariant.all(), m -> System.err.println("codedpo demo: " + m));
        List<DemoRecipe.SeedResult> results = recipe.run();
        if (onlySeed != null) {
            return Main.EXIT_OK;
        }
        DemoReport report = new DemoReport(results, DemoVariant.all(), recipe.timesByKind(DemoReport.TIME_KINDS),
                recipe.processesByKind(DemoReport.TIME_KINDS));
        Path md = dir.resolve("report.md");
        report.charts(dir);
        AtomicFiles.writeString(md, report.markdown(settings));
        System.out.println("Held-out pass@1 (points) and speed-up:");
        System.out.print(report.passTable().console());
        report.failures().forEach(System.out::println);
        System.out.println();
        System.out.println("Rankings against the ground truth:");
        System.out.print(report.rankingTable().console());
        System.out.println();
        System.out.println("Correctness pairs against the ground truth (training tasks):");
        System.out.print(report.pairQualityTable().console());
        System.out.println();
        System.out.println("Time (this invocation: " + String.format("%.0f s", (System.nanoTime() - t0) / 1e9) + "):");
        System.out.print(report.timeTable().console());
        String sandbox = report.checksLine();
        if (!sandbox.isEmpty()) {
            System.out.println(sandbox);
        }
        if (settings.seedsInChildren()) {
            System.out.println("(seeds ran " + Math.min(parallel, settings.seedCount()) + " at a time: the work adds "
                    + "up to more than the wall time)");
        }
        System.out.println();
        report.targets().forEach(System.out::println);
        System.out.println("report: " + md);
        return Main.EXIT_OK;
    }
}
