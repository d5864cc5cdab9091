package dev.codedpo.eval.exec;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One uid of a {@link SandboxUidRange}, held by one worker of one pool until {@link #close()}. Pools in other JVMs
 * on the machine are kept off it by a lock file (held while the lease lives); pools in this JVM by a set of taken
 * uids (a second channel on a locked file would release the lock when it closes).
 */
final class SandboxUidLease implements AutoCloseable {
    private static final Set<Integer> TAKEN_HERE = new HashSet<>();
    private static final Path LOCK_DIR = Path.of("/run/codedpo-sandbox-uids");

    private final int uid;
    private final FileChannel channel;
    private final FileLock lock;

    private SandboxUidLease(int uid, FileChannel channel, FileLock lock) {
        this.uid = uid;
        this.channel = channel;
        this.lock = lock;
    }

    int uid() {
        return uid;
    }

    /** The first free uid of the range; fails naming the range (and how to move it) when none is. */
    static SandboxUidLease claim(SandboxUidRange range) {
        Set<Integer> accounts = new HashSet<>(idsIn(Path.of("/etc/passwd")));
        accounts.addAll(idsIn(Path.of("/etc/group")));
        Set<Integer> running = idsOfRunningProcesses();
        try {
            Files.createDirectories(LOCK_DIR);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + LOCK_DIR + " for sandbox uid locks: " + e.getMessage(), e);
        }
        for (int uid = range.base(); uid <= range.last(); uid++) {
            if (accounts.contains(uid) || running.contains(uid)) {
                continue;
            }
            SandboxUidLease lease = tryLock(uid);
            if (lease != null) {
                return lease;
            }
        }
        throw new IllegalStateException("no free sandbox uid in " + range.base() + "-" + range.last()
                + " (all used by accounts, processes or other pools); set " + SandboxUidRange.BASE_VARIABLE
                + " to another range");
    }

    private static SandboxUidLease tryLock(int uid) {
        synchronized (TAKEN_HERE) {
            if (TAKEN_HERE.contains(uid)) {
                return null;
            }
            FileChannel ch = null;
            try {
                ch = FileChannel.open(LOCK_DIR.resolve(uid + ".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    ch.close();
                    return null;
                }
                TAKEN_HERE.add(uid);
                return new SandboxUidLease(uid, ch, lock);
            } catch (IOException | OverlappingFileLockException e) {
                closeQuietly(ch);
                return null;
            }
        }
    }

    @Override
    public void close() {
        synchronized (TAKEN_HERE) {
            if (!channel.isOpen()) {
                return;
            }
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it anyway
            }
            closeQuietly(channel);
            TAKEN_HERE.remove(uid);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    /** Third field of each line (the uid of passwd, the gid of group). */
    static Set<Integer> idsIn(Path file) {
        Set<Integer> ids = new HashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return ids;
        }
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length > 2) {
                try {
                    ids.add(Integer.parseInt(f[2].strip()));
                } catch (NumberFormatException ignored) {
                    // a comment or a malformed line names no id
                }
            }
        }
        return ids;
    }

    /** Real, effective, saved and filesystem uids and gids of every process on the machine. */
    static Set<Integer> idsOfRunningProcesses() {
        Set<Integer> ids = new HashSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("Uid:") || line.startsWith("Gid:")) {
                            for (String id : line.substring(4).strip().split("\\s+")) {
                                ids.add(Integer.parseInt(id));
                            }
                        }
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the process ended while we looked
                }
            });
        } catch (IOException ignored) {
            // no /proc: nothing known to skip
        }
        return ids;
    }
}
