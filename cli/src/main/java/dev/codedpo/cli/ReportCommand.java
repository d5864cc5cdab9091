package dev.codedpo.cli;

import dev.codedpo.data.report.RunReport;
import dev.codedpo.data.report.RunTable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code codedpo report}: a run directory's report.md, and several runs side by side. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Report on `codedpo run` directories; several runs side by side (ablations).", sortOptions = false,
        description = {
            "For each RUN_DIR, (re)writes RUN_DIR/report.md and its PNG charts from the stage",
            "outputs found there: pass@1 before/after per suite (base and base+plus) with the",
            "difference, pair statistics and score histograms, training curves, efficiency",
            "(mean and geometric-mean speed-up, share >= 10%% faster), the config and versions.",
            "A stage that has not run is reported as \"not run\".",
            "",
            "Then prints one table with a row per run, in the order given, named by its",
            "directory: method (dpo/kto/sft), ranking, pass@1 before/after/diff per suite,",
            "pairs (correctness + efficiency) and the mean speed-up, as the paper's ablation",
            "tables. --out also writes that table as markdown.",
            ""})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories of `codedpo run`.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the side-by-side table as markdown here.")
    Path out;

    @Override
    public Integer call() {
        for (Path run : runs) {
            System.err.println("codedpo report: wrote " + RunReport.write(run));
        }
        RunTable table = RunTable.read(runs);
        System.out.print(table.console());
        if (out != null) {
            table.write(out);
            System.err.println("codedpo report: wrote " + out);
        }
        return Main.EXIT_OK;
    }
}
