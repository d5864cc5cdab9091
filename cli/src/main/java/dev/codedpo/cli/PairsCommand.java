package dev.codedpo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until its issue lands; replaced by the real command. */
@Command(name = "pairs", description = "(not yet implemented)", mixinStandardHelpOptions = true)
public final class PairsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("codedpo pairs: not implemented yet");
        return 1;
    }
}
