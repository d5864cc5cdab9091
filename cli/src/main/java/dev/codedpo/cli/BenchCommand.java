package dev.codedpo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks; figures go to docs/PERFORMANCE.md with the command that made them. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput (side by side, in one run) of the execution engine or the model layer.",
        subcommands = {BenchExecCommand.class, BenchModelCommand.class, BenchTrainCommand.class, BenchServeCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a benchmark: exec, model, train or serve");
    }
}
