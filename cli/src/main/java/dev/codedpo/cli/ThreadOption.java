package dev.codedpo.cli;

import dev.codedpo.core.io.InputException;

/** The --threads option of the commands that run the engine. */
final class ThreadOption {
    private ThreadOption() {}

    /** Sets the engine's intra-op thread count (null: leave the engine's default). */
    static void apply(Integer threads) {
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
