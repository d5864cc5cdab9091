package dev.codedpo.models.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a request gets from the continuous batcher must not depend on what else is in the batch: greedy rows equal
 * the batch generator's output for the prompt alone (an independent implementation: fixed batches, no row surgery),
 * whether the request ran alone or others joined and left around it; seeded samples are the same alone or batched.
 * Requests join from the decode thread at a given token of another, so the overlap does not depend on timing.
 */
class ContinuousBatcherTest {
    static final List<String> PROMPTS = List.of("Once upon a time", "Lily and",
            "The little dog saw a big red ball in the park and", "One day");
    static final int MAX = 40;

    static HfModel hf;
    static List<Generation> reference;

    @BeforeAll
    static void load() {
        hf = HfModel.load(TestModels.stories(), Device.cpu());
        Generator gen = new Generator(hf).unfused();
        reference = new ArrayList<>();
        for (String p : PROMPTS) {
            reference.add(gen.generate(List.of(p), GenerationConfig.greedy(MAX)).get(0).get(0));
        }
    }

    @AfterAll
    static void close() {
        hf.close();
    }

    private ContinuousBatcher batcher(int rows) {
        return new ContinuousBatcher(hf.model(), hf.tokenizer(), hf.eosTokenIds(), rows);
    }

    private long[] ids(String prompt) {
        return hf.tokenizer().encode(prompt, true);
    }

    @Test
    void greedyRowsAreTheSameAloneAndJoiningMidDecode() throws Exception {
        assertTrue(reference.get(0).tokenIds().length > 12, "the first request must outlive the joins");
        try (ContinuousBatcher b = batcher(8)) {
            for (int i = 0; i < PROMPTS.size(); i++) {
                CollectingListener alone = new CollectingListener(1);
                b.submit(ids(PROMPTS.get(i)), SamplingParams.greedy(MAX), alone);
                assertSameAsReference(i, alone.await());
            }
            assertEquals(b.decodeSteps(), b.rowSteps(), "one row at a time");

            List<CollectingListener> joined = new ArrayList<>();
            for (int i = 0; i < PROMPTS.size(); i++) {
                joined.add(new CollectingListener(1));
            }
            CollectingListener first = new CollectingListener(1, (sample, count) -> {
                if (count == 3) {
                    b.submit(ids(PROMPTS.get(1)), SamplingParams.greedy(MAX), joined.get(1));
                    b.submit(ids(PROMPTS.get(2)), SamplingParams.greedy(MAX), joined.get(2));
                } else if (count == 10) {
                    b.submit(ids(PROMPTS.get(3)), SamplingParams.greedy(MAX), joined.get(3));
                }
            });
            long stepsBefore = b.decodeSteps();
            long rowsBefore = b.rowSteps();
            b.submit(ids(PROMPTS.get(0)), SamplingParams.greedy(MAX), first);
            assertSameAsReference(0, first.await());
            for (int i = 1; i < PROMPTS.size(); i++) {
                assertSameAsReference(i, joined.get(i).await());
            }
            long steps = b.decodeSteps() - stepsBefore;
            long rowSteps = b.rowSteps() - rowsBefore;
            assertTrue(rowSteps > steps + 10, "rows were decoded together: " + rowSteps + " row steps in "
                    + steps + " steps");
            awaitIdle(b);
        }
    }

    /** The rows of finished requests leave at the end of the step that finished them. */
    static void awaitIdle(ContinuousBatcher b) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (b.activeRows() != 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(0, b.activeRows(), "rows left in the batch");
    }

    private static void assertSameAsReference(int i, CollectingListener got) {
        Generation want = reference.get(i);
        assertArrayEquals(want.tokenIds(), got.ids(0), "tokens of prompt " + i);
        assertEquals(want.text(), got.text(0), "text of prompt " + i);
        assertEquals(want.finishReason().equals("length") ? "length" : "stop", got.finish[0]);
        float[] lp = want.logProbs();
        for (int t = 0; t < lp.length; t++) {
            assertEquals(lp[t], got.tokens.get(0).get(t).logProb(), 1e-4, "log-prob " + t + " of prompt " + i);
        }
    }

    @Test
    void seededSamplesDoNotDependOnTheBatch() throws Exception {
        SamplingParams sampled = SamplingParams.greedy(30).withSampling(1.0, 0.9, 3, 1234);
        try (ContinuousBatcher b = batcher(8)) {
            CollectingListener alone = new CollectingListener(3);
            b.submit(ids(PROMPTS.get(0)), sampled, alone);
            alone.await();
            CollectingListener other = new CollectingListener(2);
            CollectingListener greedy = new CollectingListener(1);
            CollectingListener batched = new CollectingListener(3);
            CollectingListener lead = new CollectingListener(1, (sample, count) -> {
                if (count == 2) {
                    b.submit(ids(PROMPTS.get(0)), sampled, batched);
                } else if (count == 5) {
                    b.submit(ids(PROMPTS.get(1)), sampled.withSampling(1.0, 1.0, 2, 99), other);
                }
            });
            b.submit(ids(PROMPTS.get(2)), SamplingParams.greedy(MAX), lead);
            b.submit(ids(PROMPTS.get(3)), SamplingParams.greedy(MAX), greedy);
            batched.await();
            other.await();
            lead.await();
            for (int j = 0; j < 3; j++) {
                assertArrayEquals(alone.ids(j), batched.ids(j), "sample " + j);
            }
            assertFalse(java.util.Arrays.equals(alone.ids(0), alone.ids(1))
                    && java.util.Arrays.equals(alone.ids(1), alone.ids(2)), "samples differ from each other");
            CollectingListener reseeded = new CollectingListener(3);
            b.submit(ids(PROMPTS.get(0)), sampled.withSampling(1.0, 0.9, 3, 1235), reseeded);
            assertFalse(java.util.Arrays.equals(alone.ids(0), reseeded.await().ids(0)), "another seed");
        }
    }

    @Test
    void cancelledRequestLeavesTheBatchAndOthersGoOn() throws Exception {
        try (ContinuousBatcher b = batcher(4)) {
            AtomicReference<BatchRequest> handle = new AtomicReference<>();
            CollectingListener other = new CollectingListener(1);
            CollectingListener cancelled = new CollectingListener(2, (sample, count) -> {
                if (sample == 0 && count == 3) {
                    handle.get().cancel();
                }
            });
            synchronized (cancelled) {
                // The listener is locked until the handle is set, so its callback sees it.
                handle.set(b.submit(ids(PROMPTS.get(0)), SamplingParams.greedy(MAX).withSampling(0, 1, 2, 0),
                        cancelled));
                b.submit(ids(PROMPTS.get(1)), SamplingParams.greedy(MAX), other);
            }
            assertSameAsReference(1, other.await());
            awaitIdle(b);
            assertEquals(3, cancelled.tokens.get(0).size(), "no token after the cancel");
            assertEquals(2, b.cancelledRows(), "both samples left the batch");
            assertEquals(null, cancelled.finish[0]);
            CollectingListener after = new CollectingListener(1);
            b.submit(ids(PROMPTS.get(3)), SamplingParams.greedy(MAX), after);
            assertSameAsReference(3, after.await());
        }
    }

    @Test
    void stopStringsCutTheTextAsTheGeneratorDoes() throws Exception {
        String text = reference.get(0).text();
        String stop = text.substring(text.length() / 2, text.length() / 2 + 3);
        Generation want = new Generator(hf).unfused().generate(List.of(PROMPTS.get(0)),
                GenerationConfig.greedy(MAX).withStop(List.of("zzz", stop))).get(0).get(0);
        assertEquals("stop", want.finishReason());
        try (ContinuousBatcher b = batcher(2)) {
            CollectingListener got = new CollectingListener(1);
            b.submit(ids(PROMPTS.get(0)), SamplingParams.greedy(MAX).withStop(List.of("zzz", stop)), got);
            got.await();
            assertEquals(want.text(), got.text(0));
            assertEquals(text.substring(0, text.indexOf(stop)), got.text(0));
            assertEquals("stop", got.finish[0]);
            assertArrayEquals(want.tokenIds(), got.ids(0));
        }
    }

    @Test
    void topLogprobsRankTheAlternatives() throws Exception {
        try (ContinuousBatcher b = batcher(2)) {
            CollectingListener got = new CollectingListener(1);
            b.submit(ids(PROMPTS.get(0)), SamplingParams.greedy(8).withLogprobs(3), got);
            got.await();
            StringBuilder pieces = new StringBuilder();
            for (GeneratedToken t : got.tokens.get(0)) {
                assertEquals(3, t.top().size());
                assertEquals(t.id(), t.top().get(0).id(), "greedy picks the most likely");
                assertEquals(t.logProb(), t.top().get(0).logProb(), 1e-6);
                assertTrue(t.top().get(0).logProb() >= t.top().get(1).logProb());
                assertTrue(t.top().get(1).logProb() >= t.top().get(2).logProb());
                assertNotEquals(t.top().get(0).id(), t.top().get(1).id());
                pieces.append(t.piece());
            }
            assertEquals(got.text(0), pieces.toString());
        }
    }

    @Test
    void refusesWhatCannotRun() {
        try (ContinuousBatcher b = batcher(2)) {
            assertThrows(IllegalArgumentException.class,
                    () -> b.submit(ids("Once"), SamplingParams.greedy(512), new CollectingListener(1)));
            assertThrows(IllegalArgumentException.class, () -> b.submit(ids("Once"),
                    SamplingParams.greedy(4).withSampling(1, 1, 3, 0), new CollectingListener(3)));
            assertThrows(IllegalArgumentException.class,
                    () -> b.submit(new long[0], SamplingParams.greedy(4), new CollectingListener(1)));
        }
    }
}
