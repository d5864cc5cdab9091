package dev.codedpo.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskWindowTest {
    @Test
    void everyItemRunsAndAtMostTwoPerThreadWait() {
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (TaskWindow w = new TaskWindow(2, "t")) {
            for (int i = 0; i < 50; i++) {
                int now = inFlight.incrementAndGet();
                most.accumulateAndGet(now, Math::max);
                w.submit(() -> {
                    ran.incrementAndGet();
                    inFlight.decrementAndGet();
                });
            }
            w.finish();
        }
        assertEquals(50, ran.get());
        assertTrue(most.get() <= 5, "submitted but not finished: " + most.get());
    }

    @Test
    void theFirstFailureStopsTheRestAndIsRethrown() {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger ran = new AtomicInteger();
        try (TaskWindow w = new TaskWindow(1, "t")) {
            int submitted = 0;
            for (int i = 0; i < 100 && !w.failed(); i++) {
                int k = i;
                w.submit(() -> {
                    ran.incrementAndGet();
                    if (k == 3) {
                        throw boom;
                    }
                });
                submitted++;
            }
            assertSame(boom, assertThrows(IllegalStateException.class, w::finish));
            assertTrue(ran.get() <= 4, "nothing after the failure ran: " + ran.get());
            assertTrue(submitted < 100, "submission stopped");
        }
    }
}
