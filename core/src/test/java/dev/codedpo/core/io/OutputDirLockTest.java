package dev.codedpo.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedUntilTheFirstReleases() {
        Path out = dir.resolve("a/b");
        OutputDirLock first = OutputDirLock.acquire(out);
        assertTrue(Files.isDirectory(out), "acquire creates the directory");
        InputException e = assertThrows(InputException.class, () -> OutputDirLock.acquire(out));
        assertTrue(e.getMessage().startsWith(out + ": another run is using this output directory"), e.getMessage());
        // another spelling of the same directory is the same directory
        assertThrows(InputException.class, () -> OutputDirLock.acquire(dir.resolve("a/./b/../b")));
        first.close();
        first.close();
        try (OutputDirLock again = OutputDirLock.acquire(out)) {
            assertEquals(out, again.dir());
        }
    }

    @Test
    void aFileIsNotAnOutputDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        InputException e = assertThrows(InputException.class, () -> OutputDirLock.acquire(file));
        assertEquals(file + ": exists and is not a directory; give a directory for the output", e.getMessage());
        assertThrows(InputException.class, () -> OutputDirLock.acquire(file.resolve("sub")));
    }

    /** Another process holds the lock: refused, naming it; once that process is SIGKILLed the lock is free. */
    @Test
    void aLockHeldByAnotherProcessIsRefusedAndFreedWhenItIsKilled() throws Exception {
        Path out = dir.resolve("out");
        Process holder = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), out.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(
                    new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", r.readLine(), "the holder process must report that it holds the lock");
            InputException e = assertThrows(InputException.class, () -> OutputDirLock.acquire(out));
            assertTrue(e.getMessage().contains("(process " + holder.pid() + ")"), e.getMessage());
        } finally {
            holder.destroyForcibly(); // SIGKILL: no shutdown hook or finally block of the holder runs
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        }
        try (OutputDirLock mine = OutputDirLock.acquire(out)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(out.resolve(OutputDirLock.FILE_NAME)));
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /** The other process of the test above: takes the lock, says so, and waits to be killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            OutputDirLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        }
    }
}
