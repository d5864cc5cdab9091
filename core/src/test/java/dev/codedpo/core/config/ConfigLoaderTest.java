package dev.codedpo.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.io.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    record Demo(@JsonProperty("learning_rate") double learningRate, @JsonProperty("epochs") int epochs,
                @JsonProperty("name") String name) {}

    @TempDir
    Path dir;

    @Test
    void commandLineBeatsYamlBeatsDefaults() throws IOException {
        Path yaml = dir.resolve("c.yaml");
        Files.writeString(yaml, "learning_rate: 5.0e-6\nepochs: 10\n");
        Demo d = ConfigLoader.load(new Demo(1e-3, 1, "base"), yaml, Map.of("epochs", 3), Demo.class);
        assertEquals(new Demo(5e-6, 3, "base"), d);
    }

    @Test
    void overridesAreTypedLikeTheirKeys() {
        Demo d = ConfigLoader.load(new Demo(1e-3, 1, "base"), null, Map.of("learning_rate", "5e-6", "name", 7),
                Demo.class);
        assertEquals(new Demo(5e-6, 1, "7"), d);
    }

    @Test
    void unknownKeysAndBadYamlAreErrorsNamingTheFile() throws IOException {
        Path yaml = dir.resolve("c.yaml");
        Files.writeString(yaml, "epohcs: 10\n");
        InputException e = assertThrows(InputException.class,
                () -> ConfigLoader.load(new Demo(1, 1, "x"), yaml, Map.of(), Demo.class));
        assertEquals(yaml + ": epohcs: unknown key (did you mean epochs?)", e.getMessage());

        Files.writeString(yaml, "epochs: [1,\n");
        e = assertThrows(InputException.class, () -> ConfigLoader.load(new Demo(1, 1, "x"), yaml, Map.of(), Demo.class));
        assertTrue(e.getMessage().startsWith(yaml + ":"), e.getMessage());

        Files.writeString(yaml, "epochs: many\n");
        e = assertThrows(InputException.class, () -> ConfigLoader.load(new Demo(1, 1, "x"), yaml, Map.of(), Demo.class));
        assertEquals(yaml + ": epochs: expected an integer, got \"many\"", e.getMessage());
    }
}
