package dev.codedpo.data.world;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.eval.exec.CodeExecutor;
import java.nio.file.Path;

/** A world small enough for tests: a few dozen tasks, every kind represented. */
final class SmallWorld {
    static final CodeWorldConfig CONFIG = new CodeWorldConfig(7, 30, 10, 6, 1, 0.2, true, true, 4, 1, 320, 32, 64, 1,
            2, 256, 2);

    private SmallWorld() {}

    static World generate(CodeWorldConfig c, Path dir, CodeExecutor executor) {
        return CodeWorld.generate(c, dir, executor, (name, total) -> Progress.NONE, line -> { });
    }
}
