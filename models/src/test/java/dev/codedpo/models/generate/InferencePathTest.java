package dev.codedpo.models.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InferencePathTest {
    @AfterEach
    void clear() {
        System.clearProperty("codedpo.inference.path");
    }

    @Test
    void scriptedUnlessConfiguredOtherwise() {
        if (System.getenv(InferencePath.ENV) == null) {
            assertEquals(InferencePath.SCRIPTED, InferencePath.configured());
        }
        System.setProperty("codedpo.inference.path", " Fused ");
        assertEquals(InferencePath.FUSED, InferencePath.configured());
        System.setProperty("codedpo.inference.path", "gpu-magic");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, InferencePath::configured);
        assertTrue(e.getMessage().contains(InferencePath.ENV) && e.getMessage().contains("gpu-magic"),
                e.getMessage());
    }
}
