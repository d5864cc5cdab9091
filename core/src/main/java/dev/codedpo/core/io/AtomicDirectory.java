package dev.codedpo.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory that appears whole or not at all (checkpoints): it is written under a temporary name beside its target,
 * every file and the directory itself are flushed to disk, and one rename publishes it. A crash at any moment leaves
 * either no target or a complete one, plus at most a temporary directory that {@link #removeLeftovers} deletes.
 */
public final class AtomicDirectory {
    private static final String PREFIX = ".tmp-";

    private AtomicDirectory() {}

    /** Writes the directory {@code target} (which must not exist) through {@code body}, which fills the path given. */
    public static void write(Path target, Writer body) {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = parent.resolve(PREFIX + target.getFileName());
        try {
            if (Files.exists(target)) {
                throw new IOException(target + " exists already");
            }
            deleteTree(tmp);
            Files.createDirectories(tmp);
            body.writeTo(tmp);
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : files.toList()) {
                    force(f);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            force(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * Writes files into an existing directory (a training output directory) so that a crash never leaves a mix
     * that names files it does not have: everything is written and flushed in a staging directory first, then moved
     * in one file at a time, {@code last} (the file that makes the rest usable, e.g. a config) after the others.
     */
    public static void publishInto(Path dir, Writer body, String last) {
        Path staging = dir.resolve(".staging-" + last);
        try {
            deleteTree(staging);
            write(staging, body);
            List<Path> files;
            try (Stream<Path> list = Files.list(staging)) {
                files = list.sorted((a, b) -> Boolean.compare(a.getFileName().toString().equals(last),
                        b.getFileName().toString().equals(last))).toList();
            }
            for (Path f : files) {
                Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            deleteTree(staging);
            force(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + dir, e);
        }
    }

    /** Deletes temporary directories a crashed {@link #write} left in {@code parent}. */
    public static void removeLeftovers(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + parent, e);
        }
    }

    /** Deletes a directory tree (or a file); nothing if absent. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void force(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Fills a directory. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path dir) throws IOException;
    }
}
