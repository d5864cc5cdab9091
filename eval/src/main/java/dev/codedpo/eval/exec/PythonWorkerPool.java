package dev.codedpo.eval.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import dev.codedpo.eval.suite.SourceLines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fast sandboxed executor: a pool of warm Python workers (worker.py) driven over pipes. Each request runs its
 * code once in a sandboxed child and forks one grandchild per test from that state, so no interpreter starts per
 * check. Thread-safe: each call takes a free worker, blocking while all are busy. A worker that dies or hangs is
 * replaced and the request reports {@link CheckStatus#CRASH}.
 */
public final class PythonWorkerPool implements CodeExecutor {
    private final PoolConfig config;
    private final WorkerCommand command;
    private final Map<String, String> env;
    private final SandboxReport report;
    private final LinkedBlockingQueue<WorkerProcess> idle = new LinkedBlockingQueue<>();
    private final Set<WorkerProcess> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger replaced = new AtomicInteger();
    /** Sandbox processes started by every pool of this JVM (what a slow fork makes expensive). */
    private static final AtomicLong PROCESSES = new AtomicLong();
    private volatile boolean closed;

    private PythonWorkerPool(PoolConfig config, WorkerCommand command, Map<String, String> env,
                             List<WorkerProcess> workers, SandboxReport report) {
        this.config = config;
        this.command = command;
        this.env = env;
        this.report = report;
        live.addAll(workers);
        idle.addAll(workers);
    }

    public static PythonWorkerPool start(PoolConfig config) {
        String exe = PythonInterpreter.resolve(config.python());
        NamespaceLauncher ns = NamespaceLauncher.probe(config.isolateNetwork());
        boolean ownUids = config.dropPrivileges() && WorkerCommand.runningAsRoot();
        WorkerCommand command = new WorkerCommand(ns.prefix(), exe, config.dropPrivileges(), ns.privateMounts());
        // Scrubbed: nothing from our environment (tokens, proxies, PYTHONPATH) reaches candidates.
        Map<String, String> env = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8",
                "PYTHONHASHSEED", PythonInterpreter.HASH_SEED, "PYTHONDONTWRITEBYTECODE", "1");
        List<SandboxUidLease> leases = new ArrayList<>();
        List<WorkerProcess> workers;
        try {
            if (ownUids) {
                for (int i = 0; i < config.workers(); i++) {
                    leases.add(SandboxUidLease.claim(config.uids()));
                }
            }
            workers = startAll(command, env, config.workers(), leases);
        } catch (RuntimeException e) {
            leases.forEach(SandboxUidLease::close);
            throw e;
        }
        SandboxReport report = reportOf(config, ns, workers.get(0).hello());
        return new PythonWorkerPool(config, command, env, workers, report);
    }

    private static List<WorkerProcess> startAll(WorkerCommand command, Map<String, String> env, int n,
                                                List<SandboxUidLease> leases) {
        ExecutorService starter = Executors.newFixedThreadPool(Math.min(n, 8));
        try {
            List<Future<WorkerProcess>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SandboxUidLease lease = leases.isEmpty() ? null : leases.get(i);
                futures.add(starter.submit(() -> WorkerProcess.start(command.forLease(lease), env, lease)));
            }
            List<WorkerProcess> started = new ArrayList<>();
            Exception first = null;
            for (Future<WorkerProcess> f : futures) {
                try {
                    started.add(f.get());
                } catch (Exception e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                started.forEach(WorkerProcess::destroy);
                Throwable cause = first.getCause() != null ? first.getCause() : first;
                throw new IllegalStateException("cannot start Python workers: " + cause.getMessage(), cause);
            }
            return started;
        } finally {
            starter.shutdownNow();
        }
    }

    private static SandboxReport reportOf(PoolConfig config, NamespaceLauncher ns, JsonNode hello) {
        List<String> notes = new ArrayList<>();
        boolean net = ns.networkIsolated() && hello.path("net_isolated").asBoolean(false);
        if (!config.isolateNetwork()) {
            notes.add("network isolation disabled by configuration");
        } else if (!net) {
            notes.add(ns.note().isEmpty() ? "network isolation unavailable" : ns.note());
        } else if (!ns.note().isEmpty()) {
            notes.add(ns.note());
        }
        boolean dropped = hello.path("dropped").asBoolean(false);
        if (!config.dropPrivileges()) {
            notes.add("privilege drop disabled by configuration");
        } else if (!dropped) {
            notes.add("not running as root: candidates run as our own user, and workers share one process quota");
        }
        hello.path("notes").forEach(n -> notes.add(n.asText()));
        return new SandboxReport(net, dropped, String.join("; ", notes));
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        SandboxLimits limits = request.limits() != null ? request.limits() : config.limits();
        int n = request.tests().size();
        String line = WorkerProtocol.execLine(request, limits);
        WorkerProcess w = acquire();
        try {
            JsonNode resp = w.call(line, WorkerProtocol.execBudgetMillis(n, limits));
            if ("error".equals(resp.path("t").asText())) {
                return WorkerProtocol.allChecks(n, CheckStatus.CRASH, "harness error: " + resp.path("m").asText());
            }
            ExecutionResult r = WorkerProtocol.execResult(resp, n);
            // the code's process, then one per test when it loaded
            PROCESSES.addAndGet(r.codeStatus() == CheckStatus.PASS ? 1 + n : 1);
            return r;
        } catch (WorkerFailure f) {
            w = replace(w);
            return WorkerProtocol.allChecks(n, CheckStatus.CRASH, f.getMessage());
        } finally {
            release(w);
        }
    }

    @Override
    public TimingResult time(TimingRequest request) {
        SandboxLimits limits = request.limits() != null ? request.limits() : config.limits();
        String line = WorkerProtocol.timeLine(request, limits);
        WorkerProcess w = acquire();
        try {
            JsonNode resp = w.call(line,
                    WorkerProtocol.timeBudgetMillis(request.tests().size(), request.repeats(), limits));
            if ("error".equals(resp.path("t").asText())) {
                return new TimingResult(false, new double[0]);
            }
            TimingResult r = WorkerProtocol.timingResult(resp);
            // the code's process, the CPU clock's untimed probe round, one per round
            PROCESSES.addAndGet(1 + (request.clock().noisy() ? 1 : 0) + r.rounds().length);
            return r;
        } catch (WorkerFailure f) {
            w = replace(w);
            return new TimingResult(false, new double[0]);
        } finally {
            release(w);
        }
    }

    private WorkerProcess acquire() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("the worker pool is closed");
            }
            if (live.isEmpty()) {
                throw new IllegalStateException("no Python worker is alive (restarts failed)");
            }
            try {
                WorkerProcess w = idle.poll(200, TimeUnit.MILLISECONDS);
                if (w != null) {
                    return w;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            }
        }
    }

    private void release(WorkerProcess w) {
        if (w == null) {
            return;
        }
        if (closed) {
            w.destroy();
            live.remove(w);
            closeLease(w.lease());
        } else {
            idle.add(w);
        }
    }

    /**
     * Kills a failed worker and starts a fresh one in its place, on the same uid (every process of the dead one is
     * gone by then); null when none could be started.
     */
    private WorkerProcess replace(WorkerProcess dead) {
        dead.destroy();
        live.remove(dead);
        SandboxUidLease lease = dead.lease();
        if (closed) {
            closeLease(lease);
            return null;
        }
        try {
            WorkerProcess fresh = WorkerProcess.start(command.forLease(lease), env, lease);
            live.add(fresh);
            replaced.incrementAndGet();
            return fresh;
        } catch (WorkerFailure e) {
            closeLease(lease);
            System.err.println("codedpo: could not replace a Python worker: " + e.getMessage());
            return null;
        }
    }

    private static void closeLease(SandboxUidLease lease) {
        if (lease != null) {
            lease.close();
        }
    }

    public PoolConfig config() {
        return config;
    }

    @Override
    public SandboxReport sandbox() {
        return report;
    }

    @Override
    public int parallelism() {
        return config.workers();
    }

    /**
     * What this pool's results depend on besides the request: the harness, the interpreter, the default limits and
     * the sandbox it got. Two pools with the same identity give the same verdict for the same request (timeouts
     * aside).
     */
    @Override
    public String identity() {
        return String.join("\n", "harness " + SourceLines.sha256(HarnessSource.text().getBytes(StandardCharsets.UTF_8)),
                "python " + command.python(), PythonInterpreter.version(command.python()),
                "hash seed " + PythonInterpreter.HASH_SEED, "default limits " + config.limits(), "sandbox " + report);
    }

    /**
     * Sandbox processes (a candidate's code process, its tests' and its timing rounds' forks) that the pools of this
     * JVM have started so far, counted from their answers.
     */
    public static long processesStarted() {
        return PROCESSES.get();
    }

    /** Workers replaced after dying or hanging since the pool started. */
    public int replacedWorkers() {
        return replaced.get();
    }

    /** Process ids of the live worker processes (the launcher process when namespaces are used). */
    public List<Long> workerPids() {
        return live.stream().map(WorkerProcess::pid).toList();
    }

    /** The uids candidates of the live workers run as, one per worker; empty when privileges are not dropped. */
    public List<Integer> candidateUids() {
        return live.stream().filter(w -> w.lease() != null).map(w -> w.lease().uid()).sorted().toList();
    }

    @Override
    public void close() {
        closed = true;
        List<WorkerProcess> all = new ArrayList<>(live);
        all.parallelStream().forEach(WorkerProcess::shutdown);
        // Only now, with every candidate process gone, may another pool take the uids.
        all.forEach(w -> closeLease(w.lease()));
        live.removeAll(all);
        idle.clear();
    }
}
