package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code codedpo} command. Exit codes: 0 ok, 2 bad input or usage, 1 internal failure. */
@Command(name = "codedpo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "CodeDPO-J: build execution-verified preference pairs for code models, train with DPO, "
                + "and evaluate pass@k on HumanEval/MBPP-style suites.%n",
            "Run 'codedpo <command> --help' for the options of each command.%n"},
        subcommands = {
            DemoCommand.class,
            TasksCommand.class,
            GenerateCommand.class,
            PairsCommand.class,
            SampleCommand.class,
            MergeCommand.class,
            LogprobsCommand.class,
            ServeCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            CompareCommand.class,
            RunCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            WorldCommand.class,
            InitModelCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; tests call this instead of main. */
    public static int execute(String... args) {
        System.setProperty("ai.djl.offline", "true");
        CommandLine cl = new CommandLine(new Main());
        cl.setUsageHelpAutoWidth(true);
        // The settings table is wide (key, default, meaning): 120 columns keep one setting per line.
        java.util.Map.of("train", TrainCommand.settingsHelp(), "world", WorldCommand.settingsHelp(),
                "tasks", TasksCommand.settingsHelp(), "generate", GenerateCommand.settingsHelp(),
                "run", RunCommand.settingsHelp(), "eval", EvalCommand.settingsHelp(),
                "compare", CompareCommand.settingsHelp(), "pairs", PairsCommand.settingsHelp()).forEach((name, help) ->
                cl.getSubcommands().get(name).getCommandSpec().usageMessage().footer(help).autoWidth(false)
                        .width(120));
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("codedpo: " + ex.getMessage());
            System.err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_USAGE;
        });
        return cl.execute(args);
    }

    /**
     * Jackson reports a config record's own validation message (which names the key) inside "Cannot construct
     * instance of `the.record.Type`, problem: ..."; the user needs only the message. Matching the text rather than
     * the exception keeps this working whichever way a config loader passes Jackson's message on.
     */
    private static final Pattern JACKSON_CONSTRUCTOR =
            Pattern.compile("Cannot construct instance of `[^`]*`,? problem: ");

    static String readable(String message) {
        return message == null ? "" : JACKSON_CONSTRUCTOR.matcher(message).replaceAll("");
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable root = ex;
        while (!(root instanceof InputException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof InputException) {
            System.err.println("codedpo: error: " + readable(root.getMessage()));
            return EXIT_USAGE;
        }
        System.err.println("codedpo: internal error: " + ex);
        if (System.getenv("CODEDPO_DEBUG") != null) {
            ex.printStackTrace(System.err);
        } else {
            System.err.println("(set CODEDPO_DEBUG=1 for the stack trace)");
        }
        return EXIT_INTERNAL;
    }
}
