package dev.codedpo.eval.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Python worker program, shipped as a resource next to this class. */
final class HarnessSource {
    private static final String RESOURCE = "worker.py";
    private static volatile String cached;

    private HarnessSource() {}

    static String text() {
        String s = cached;
        if (s == null) {
            try (InputStream in = HarnessSource.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE + " next to " + HarnessSource.class);
                }
                s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cached = s;
        }
        return s;
    }
}
