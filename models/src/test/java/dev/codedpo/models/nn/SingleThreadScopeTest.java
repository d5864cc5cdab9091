package dev.codedpo.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

/** Overlapping scopes keep one intra-op thread until the last closes, then restore the previous count. */
class SingleThreadScopeTest {
    @Test
    void nestedScopesRestoreThePreviousCountWhenTheLastCloses() {
        Engine.getEngine("PyTorch");
        int original = JniUtils.getNumThreads();
        try {
            JniUtils.setNumThreads(2);
            SingleThreadScope outer = SingleThreadScope.enter();
            assertEquals(1, JniUtils.getNumThreads());
            SingleThreadScope inner = SingleThreadScope.enter();
            outer.close();
            assertEquals(1, JniUtils.getNumThreads(), "one scope still open");
            inner.close();
            inner.close();
            assertEquals(2, JniUtils.getNumThreads(), "restored once, a second close changes nothing");
        } finally {
            JniUtils.setNumThreads(original);
        }
    }
}
