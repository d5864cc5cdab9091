package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;
import picocli.CommandLine.Option;

/** The --threads option of the commands that run the engine (a picocli mixin). */
final class ThreadOption {
    @Option(names = "--threads", paramLabel = "N",
            description = "Engine intra-op threads (default: the engine's choice, one per core). Small models "
                    + "run much faster with 1: their ops are too small to split (docs/PERFORMANCE.md).")
    Integer threads;

    /** Sets the engine's intra-op thread count when given (before the engine starts in this process). */
    void apply() {
        if (threads == null) {
            return;
        }
        if (threads < 1) {
            throw new InputException("--threads must be >= 1");
        }
        // Read once when the engine starts, which has not happened yet in this process.
        System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
    }
}
