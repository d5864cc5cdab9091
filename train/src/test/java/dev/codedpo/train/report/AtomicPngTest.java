package dev.codedpo.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicPngTest {

    @TempDir
    Path dir;

    private static BufferedImage image(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesAnExistingFileWithTheNewImage() throws IOException {
        Path target = dir.resolve("a.png");
        Files.writeString(target, "an older, unrelated file");
        AtomicPng.write(image(7, 3, 0x336699), target);

        BufferedImage back = ImageIO.read(target.toFile());
        assertEquals(7, back.getWidth());
        assertEquals(3, back.getHeight());
        assertEquals(0x336699, back.getRGB(6, 2) & 0xffffff);
        assertEquals(List.of("a.png"), names());
    }

    @Test
    void failedReplaceLeavesNoTemporaryAndTheTargetUntouched() throws IOException {
        // A non-empty directory cannot be replaced by a file, so the final rename fails after the PNG was encoded.
        Path target = dir.resolve("b.png");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "kept");

        assertThrows(IOException.class, () -> AtomicPng.write(image(4, 4, 0xff0000), target));

        assertEquals(List.of("b.png"), names());
        assertTrue(Files.isDirectory(target));
        assertArrayEquals("kept".getBytes(), Files.readAllBytes(target.resolve("keep.txt")));
    }
}
