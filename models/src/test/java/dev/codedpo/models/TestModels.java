package dev.codedpo.models;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locations of the test fixtures under src/test/resources. */
public final class TestModels {
    private TestModels() {}

    public static Path resource(String name) {
        try {
            return Path.of(TestModels.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    public static Path stories() {
        return resource("stories260K");
    }

    public static Path parity(String name) {
        return resource("parity/" + name);
    }

    /** The repository root (tools/parity lives there), found from the module's working directory. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("tools/parity").toFile().isDirectory()) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
