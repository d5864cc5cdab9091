package dev.codedpo.train.report;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * Writes a PNG so that a reader (an image viewer refreshing during training, a copy to another machine) only ever
 * sees the previous complete file or the new complete file: encode into a temporary file in the same directory,
 * then rename it over the target.
 */
final class AtomicPng {

    private AtomicPng() {
    }

    static void write(RenderedImage image, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // A hidden, unique name: concurrent writers never share a temp file, and a crash leaves an obvious leftover.
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer available in this JVM");
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
