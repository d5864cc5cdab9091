package dev.codedpo.models.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.models.nn.KvCache;
import dev.codedpo.models.tokenizer.Tokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous batching: one decode thread runs every request's samples as rows of one batch. At each step boundary
 * it drops rows that finished or were cancelled, prefills the requests that arrived (left-padded together) and
 * appends their rows to the running batch and its KV cache, then decodes one token for every row. Rows are aligned
 * on their last position; padding is masked and positions count only real tokens, so a row's logits are those of
 * the row alone, and each sample draws from its own random stream of (seed, sample): what a request gets does not
 * depend on what else is in the batch.
 */
public final class ContinuousBatcher implements AutoCloseable {
    private final CausalLM model;
    private final Tokenizer tokenizer;
    private final Set<Long> eosIds;
    private final long padId;
    private final int maxRows;
    private final int vocab;
    private final Thread thread;
    private final Deque<BatchRequest> queue = new ArrayDeque<>();
    private final AtomicLong decodeSteps = new AtomicLong();
    private final AtomicLong rowSteps = new AtomicLong();
    private final AtomicLong cancelledRows = new AtomicLong();
    private volatile int activeRows;
    private volatile boolean closed;

    // Decode-thread state.
    private final List<DecodeRow> rows = new ArrayList<>();
    private KvCache cache;
    private NDManager batchManager;
    private ForwardPass forward;
    private final Inference inference;

    /**
     * @param maxRows most samples decoded together; a request joins when all its samples fit
     */
    public ContinuousBatcher(CausalLM model, Tokenizer tokenizer, Set<Long> eosIds, int maxRows) {
        this(new Inference(model), tokenizer, eosIds, maxRows);
    }

    /** A batcher whose forward passes {@code inference} runs (the same path choice as {@link Generator}). */
    public ContinuousBatcher(Inference inference, Tokenizer tokenizer, Set<Long> eosIds, int maxRows) {
        CausalLM model = inference.model();
        this.inference = inference;
        if (maxRows < 1) {
            throw new IllegalArgumentException("max batch must be >= 1, got " + maxRows);
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.eosIds = Set.copyOf(eosIds);
        Long pad = tokenizer.specialTokens().padId();
        this.padId = pad != null ? pad : eosIds.isEmpty() ? 0 : eosIds.iterator().next();
        this.maxRows = maxRows;
        this.vocab = model.config().vocabSize();
        this.thread = new Thread(this::loop, "codedpo-decode");
        thread.setDaemon(true);
        thread.start();
    }

    /** Most tokens of prompt plus generation one row may hold: the model's max_position_embeddings. */
    public int maxSequenceLength() {
        return model.config().maxPositionEmbeddings();
    }

    public int maxRows() {
        return maxRows;
    }

    /**
     * Queues a request; its listener hears from the decode thread.
     *
     * @throws IllegalArgumentException for an empty prompt, a prompt plus max tokens over
     *                                  {@link #maxSequenceLength()}, or more samples than the batch holds
     */
    public BatchRequest submit(long[] prompt, SamplingParams params, RequestListener listener) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        if ((long) prompt.length + params.maxTokens() > maxSequenceLength()) {
            throw new IllegalArgumentException("this model's maximum context length is " + maxSequenceLength()
                    + " tokens; the prompt has " + prompt.length + " and " + params.maxTokens()
                    + " more were asked for");
        }
        if (params.n() > maxRows) {
            throw new IllegalArgumentException("n = " + params.n() + " is more than the " + maxRows
                    + " samples decoded together (--max-batch)");
        }
        BatchRequest r = new BatchRequest(prompt, params, listener);
        synchronized (queue) {
            if (closed) {
                throw new IllegalStateException("the batcher is closed");
            }
            queue.addLast(r);
            queue.notifyAll();
        }
        return r;
    }

    /** Rows in the running batch now. */
    public int activeRows() {
        return activeRows;
    }

    /** Rows that left the batch because their request was cancelled, since the start. */
    public long cancelledRows() {
        return cancelledRows.get();
    }

    /** Decode steps (forward calls over the running batch, prefills not counted) since the start. */
    public long decodeSteps() {
        return decodeSteps.get();
    }

    /** Tokens decoded by those steps, summed over rows: rowSteps / decodeSteps is the mean batch size. */
    public long rowSteps() {
        return rowSteps.get();
    }

    private void loop() {
        // PyTorch's grad mode is per thread and on by default; the engine turns it off only on the thread that
        // started it. Inference records no graph (and a model whose parameters require gradients would otherwise
        // build one across the KV cache).
        JniUtils.setGradMode(false);
        // The parameters do not change while serving: one forward pass (script session or fused copies) for the
        // batcher's lifetime.
        try (NDManager m = model.manager().newSubManager(); ForwardPass f = inference.forDecoding()) {
            batchManager = m;
            forward = f;
            while (true) {
                List<BatchRequest> joining = admit();
                if (joining == null) {
                    break;
                }
                try {
                    step(joining);
                } catch (RuntimeException e) {
                    failAll(joining, e);
                }
            }
            failAll(List.of(), new IllegalStateException("the batcher was closed"));
        }
    }

    /** Waits while idle; returns the requests that fit into the batch now (null once closed). */
    private List<BatchRequest> admit() {
        List<BatchRequest> joining = new ArrayList<>();
        synchronized (queue) {
            while (!closed && rows.isEmpty() && queue.isEmpty()) {
                try {
                    queue.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            if (closed) {
                return null;
            }
            int free = maxRows - rows.size();
            // First come, first served: a request that does not fit yet holds back the ones behind it.
            while (!queue.isEmpty() && queue.peekFirst().params().n() <= free) {
                BatchRequest r = queue.pollFirst();
                if (!r.cancelled()) {
                    joining.add(r);
                    free -= r.params().n();
                }
            }
        }
        return joining;
    }

    private void step(List<BatchRequest> joining) {
        retainLive();
        if (!joining.isEmpty()) {
            prefill(joining);
            retainLive();
        }
        if (!rows.isEmpty()) {
            decode();
            retainLive();
        }
        activeRows = rows.size();
    }

    /** Prefills the joining requests' rows together and appends them to the running batch. */
    private void prefill(List<BatchRequest> joining) {
        List<DecodeRow> fresh = new ArrayList<>();
        int width = 0;
        for (BatchRequest r : joining) {
            width = Math.max(width, r.prompt().length);
            for (int j = 0; j < r.params().n(); j++) {
                fresh.add(new DecodeRow(r, j, tokenizer));
            }
        }
        int b = fresh.size();
        long[] ids = new long[b * width];
        long[] mask = new long[b * width];
        Arrays.fill(ids, padId);
        boolean padded = false;
        for (int i = 0; i < b; i++) {
            long[] p = fresh.get(i).request.prompt();
            int off = width - p.length;
            System.arraycopy(p, 0, ids, i * width + off, p.length);
            Arrays.fill(mask, i * width + off, (i + 1) * width, 1);
            padded |= off > 0;
            fresh.get(i).pad = off;
        }
        KvCache joined = model.newCache(batchManager, b, width + 64);
        try {
            float[] logits = lastLogits(ids, b, width, padded ? mask : null, joined);
            for (int i = 0; i < b; i++) {
                stepRow(fresh.get(i), logits, i);
            }
            if (cache == null) {
                cache = joined;
                joined = null;
            } else {
                int oldLength = cache.length();
                cache.appendRows(joined);
                int grown = cache.length() - oldLength;
                for (DecodeRow row : rows) {
                    row.pad += grown;
                }
                for (DecodeRow row : fresh) {
                    row.pad += cache.length() - width;
                }
            }
            rows.addAll(fresh);
        } finally {
            if (joined != null) {
                joined.close();
            }
        }
    }

    /** One token for every row of the running batch. */
    private void decode() {
        int b = rows.size();
        int length = cache.length();
        long[] ids = new long[b];
        long[] mask = null;
        for (int i = 0; i < b; i++) {
            DecodeRow row = rows.get(i);
            ids[i] = row.next;
            if (row.pad > 0 && mask == null) {
                mask = new long[b * (length + 1)];
                Arrays.fill(mask, 1);
            }
        }
        if (mask != null) {
            for (int i = 0; i < b; i++) {
                Arrays.fill(mask, i * (length + 1), i * (length + 1) + rows.get(i).pad, 0);
            }
        }
        float[] logits = lastLogits(ids, b, 1, mask, cache);
        decodeSteps.incrementAndGet();
        rowSteps.addAndGet(b);
        for (int i = 0; i < b; i++) {
            DecodeRow row = rows.get(i);
            if (!row.done()) {
                stepRow(row, logits, i);
            }
        }
    }

    /** A listener that throws ends its own request, not the batch. */
    private void stepRow(DecodeRow row, float[] logits, int index) {
        try {
            row.step(logits, index * vocab, vocab, eosIds, tokenizer);
        } catch (RuntimeException e) {
            row.request.cancel();
            try {
                row.request.listener().failed(e);
            } catch (RuntimeException ignored) {
                // Nothing more can be told to a listener that fails on being told.
            }
        }
    }

    /**
     * The model's forward pass, the only place this engine calls it: input ids [rows, cols] after the cache's tokens,
     * the 0/1 padding mask as host data [rows, past + cols] (null when nothing is padded) -> last-position logits,
     * row-major [rows, vocab], on the path {@link Inference} chose.
     */
    private float[] lastLogits(long[] ids, int rowCount, int cols, long[] hostMask, KvCache kv) {
        try (NDManager step = batchManager.newSubManager()) {
            NDArray input = step.create(ids, new Shape(rowCount, cols));
            return forward.lastLogits(input, hostMask, kv).toFloatArray();
        }
    }

    /** Drops finished and cancelled rows from the batch and the padding columns no remaining row needs. */
    private void retainLive() {
        int[] keep = new int[rows.size()];
        int kept = 0;
        int minPad = Integer.MAX_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            DecodeRow row = rows.get(i);
            if (!row.done()) {
                keep[kept++] = i;
                minPad = Math.min(minPad, row.pad);
            } else if (row.finish == null) {
                cancelledRows.incrementAndGet();
            }
        }
        if (kept == rows.size() && (kept == 0 || minPad == 0)) {
            return;
        }
        if (kept == 0) {
            rows.clear();
            cache.close();
            cache = null;
            return;
        }
        keep = Arrays.copyOf(keep, kept);
        cache.retainRows(keep, minPad);
        List<DecodeRow> remaining = new ArrayList<>(kept);
        for (int i : keep) {
            DecodeRow row = rows.get(i);
            row.pad -= minPad;
            remaining.add(row);
        }
        rows.clear();
        rows.addAll(remaining);
    }

    /** After an engine failure: every request in or joining the batch is told, and the batch starts empty. */
    private void failAll(List<BatchRequest> joining, RuntimeException e) {
        Set<BatchRequest> told = new java.util.HashSet<>();
        for (DecodeRow row : rows) {
            if (told.add(row.request)) {
                row.request.listener().failed(e);
            }
        }
        for (BatchRequest r : joining) {
            if (told.add(r)) {
                r.listener().failed(e);
            }
        }
        rows.clear();
        if (cache != null) {
            cache.close();
            cache = null;
        }
        activeRows = 0;
    }

    /** Stops the decode thread; requests still running or queued are failed. */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
            queue.notifyAll();
        }
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (queue) {
            for (BatchRequest r : queue) {
                r.listener().failed(new IllegalStateException("the batcher was closed"));
            }
            queue.clear();
        }
    }
}
