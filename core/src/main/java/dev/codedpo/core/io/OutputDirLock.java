package dev.codedpo.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive use of an output directory by one run, so that two runs on the same directory cannot interleave their
 * rows. Hold it for as long as the run reads or writes the directory:
 *
 * <pre>{@code
 * try (OutputDirLock lock = OutputDirLock.acquire(outDir)) {
 *     ... resume, append, write the summary ...
 * }
 * }</pre>
 *
 * <p>The lock is an OS file lock on {@value #FILE_NAME} inside the directory. The OS drops it when the process
 * ends in any way (SIGKILL included), so a killed run never blocks the next one and there is nothing stale to clean
 * up. The lock file itself stays: deleting it on release would let a run that opened the old file and a run that
 * created a new one both believe they hold the lock. It holds the process id of the last holder, for the message
 * that refuses a second run.
 */
public final class OutputDirLock implements AutoCloseable {
    /** The lock file's name inside the locked directory. */
    public static final String FILE_NAME = ".codedpo.lock";

    /*
     * Directories locked by this JVM. A second acquire in the same JVM must be refused without opening another channel
     * on the lock file: on Linux, closing any channel on a file drops every lock the process holds on it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private OutputDirLock(Path dir, Path key, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed and locks it, without waiting.
     *
     * @throws InputException when another run (in this or another process) holds the directory, or when {@code dir}
     *                        cannot be a directory (it names a file, or it cannot be created)
     */
    public static OutputDirLock acquire(Path dir) {
        Path key;
        try {
            Files.createDirectories(dir);
            key = dir.toRealPath();
        } catch (FileAlreadyExistsException e) {
            throw new InputException(dir + ": exists and is not a directory; give a directory for the output");
        } catch (IOException e) {
            throw new InputException(dir + ": cannot create the output directory: " + e.getMessage());
        }
        if (!HELD.add(key)) {
            throw busy(dir, "this process");
        }
        try {
            return lock(dir, key);
        } catch (RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    private static OutputDirLock lock(Path dir, Path key) {
        Path file = key.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new InputException(dir + ": cannot create the lock file " + FILE_NAME + ": " + e.getMessage());
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through another path to the same directory in this JVM
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw busy(dir, holder);
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            return new OutputDirLock(dir, key, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    private static InputException busy(Path dir, String holder) {
        return new InputException(dir + ": another run is using this output directory (" + holder
                + "); wait for it to finish or give another directory");
    }

    /** "process N" from the lock file, as far as it can be read; the holder wrote it after locking. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            channel.read(buf, 0);
            String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            return pid.matches("\\d+") ? "process " + pid : "a process";
        } catch (IOException e) {
            return "a process";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the open failed already; that is the error worth reporting
        }
    }

    /** The directory as it was given. */
    public Path dir() {
        return dir;
    }

    /** Releases the lock; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of " + dir, e);
        } finally {
            HELD.remove(key);
        }
    }
}
