package dev.codedpo.data.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The request schedule on a fake clock: exact slots, no waiting. */
class RequestPacerTest {
    @Test
    void startsAreSpacedByOneIntervalAndIdleTimeIsNotSavedUp() throws InterruptedException {
        AtomicLong clock = new AtomicLong(1_000);
        List<Long> waits = new ArrayList<>();
        RequestPacer p = new RequestPacer(2.0, clock::get, n -> {
            waits.add(n);
            clock.addAndGet(n);
        });
        for (int i = 0; i < 3; i++) {
            p.acquire();
        }
        assertEquals(List.of(500_000_000L, 500_000_000L), waits, "first at once, then every 0.5 s");
        clock.addAndGet(10_000_000_000L);   // idle for 10 s: no burst of saved-up starts afterwards
        p.acquire();
        p.acquire();
        assertEquals(List.of(500_000_000L, 500_000_000L, 500_000_000L), waits);
    }

    @Test
    void zeroMeansNoLimit() throws InterruptedException {
        List<Long> waits = new ArrayList<>();
        RequestPacer p = new RequestPacer(0, () -> 0L, waits::add);
        for (int i = 0; i < 100; i++) {
            p.acquire();
        }
        assertEquals(List.of(), waits);
    }
}
