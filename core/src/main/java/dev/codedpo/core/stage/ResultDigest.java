package dev.codedpo.core.stage;

import dev.codedpo.core.io.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 over a stage's result files (names and bytes, in name order; a directory counts as its files). */
final class ResultDigest {
    private ResultDigest() {}

    static String of(Path stageDir, List<String> resultFiles) {
        MessageDigest md = sha256();
        List<Path> files = resultFiles.stream().sorted().flatMap(f -> expand(stageDir, f)).toList();
        for (Path f : files) {
            md.update(stageDir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new InputException(f + ": cannot read (" + e.getMessage() + ")");
            }
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Stream<Path> expand(Path dir, String name) {
        Path p = dir.resolve(name);
        if (Files.isRegularFile(p)) {
            return Stream.of(p);
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the stage finished without its result file " + p);
        }
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).sorted().toList().stream();
        } catch (IOException e) {
            throw new InputException(p + ": cannot list (" + e.getMessage() + ")");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
