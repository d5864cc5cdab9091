# CodeDPO-J execution worker (Python >= 3.8). Driven by dev.codedpo.eval.exec.PythonWorkerPool over stdin/stdout,
# one JSON request per line, one JSON response per line.
#
# Process model, per request:
#   worker (trusted, root when allowed) --fork--> code child C (own session, unprivileged, rlimits, fresh workdir)
#   C executes setup + code once, then --fork--> one test child T per test (RLIMIT_NPROC=0, CPU limit).
#   T reports over a private pipe to C only after the test returned; C reports to the worker over another pipe.
#   The worker enforces the deadlines, kills the session, and restarts C for the remaining tests when a test
#   killed C, so that no test can change another test's outcome.
# Every message on a child pipe carries a random nonce: bytes a candidate writes to inherited fds are ignored.
# Each worker drops to its own uid/gid (given by Java, one per worker): RLIMIT_NPROC counts processes per uid, so a
# fork bomb in one worker cannot use up the process quota another worker's tests need.
import ctypes
import gc
import io
import json
import math
import operator
import os
import resource
import select
import shutil
import signal
import sys
import time
import types


def _import_random_without_fork_hook():
    """random registers an at-fork handler that reseeds from urandom in every child (measured +0.18 ms CPU and
    +43 page faults per fork). It registers only if os.fork exists at import time. The harness manages the state
    itself, deterministically: seed 0 before the code runs, and every test restores the state the code left."""
    if "random" in sys.modules:
        return sys.modules["random"]
    fork = os.fork
    del os.fork
    try:
        import random as module
    finally:
        os.fork = fork
    return module


random = _import_random_without_fork_hook()
import tempfile  # noqa: E402  (imports random, which must already be loaded without its fork hook)

# Bind what the children use now: candidate code may monkeypatch modules (os.fork = None) after it loads.
_fork = os.fork
_write = os.write
_read = os.read
_close = os.close
_pipe = os.pipe
_dup2 = os.dup2
_open = os.open
_splice = getattr(os, "splice", None)  # 3.10+; without it discarded output is read and dropped
_exit = os._exit
_kill = os.kill
_waitpid = os.waitpid
_wait4 = os.wait4
_urandom = os.urandom
_pidfd_open = getattr(os, "pidfd_open", None)  # 3.9+; 3.8 falls back to polling
_select = select.select
_monotonic = time.monotonic
# With RLIMIT_CPU set the kernel samples process CPU time at tick granularity (0 or ~2-4 ms steps); the calling
# thread's clock stays exact, and a test runs on the thread that execs it.
_process_time = getattr(time, "thread_time", time.process_time)
_sleep = time.sleep
_settrace = sys.settrace
_dumps = json.dumps
_loads = json.loads
_setrlimit = resource.setrlimit
_compile = compile
_exec = exec
_index = operator.index


def _unbuffered_stderr():
    """stderr as with `python -u`: every write reaches fd 2 at once, so a test's stderr needs no flush (each flush
    in a forked test child touches the stream objects: measured ~+8 page faults per check per stream). stdout stays
    block-buffered (a candidate printing in a loop makes few system calls) and is flushed once per test."""
    old = sys.stderr
    return io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding=getattr(old, "encoding", None) or "utf-8",
                            errors="backslashreplace", write_through=True)


sys.stderr = _unbuffered_stderr()
# The streams as the harness set them up; flushed after the code loads and after each test, even if the candidate
# rebinds sys.stdout.
_stdout = sys.stdout
_stderr = sys.stderr
_BaseException = BaseException
_AssertionError = AssertionError
_ceil = lambda x: max(1, int(math.ceil(x)))

_random_state = None  # set in the code child once the code has loaded
MSG_LIMIT = 500
PIPE_BUFFER_CAP = 1 << 20
# json.dumps escapes a control character or an undecodable byte (U+FFFD) as 6 ASCII bytes: the longest a message
# carrying `n` bytes of captured output can get is about 6n.
JSON_EXPANSION = 6
NOBODY = 65534
# Processes a code child may hold at once (counted per uid by the kernel; the uid is this worker's own): room for
# the test child, small enough that a fork bomb in the module body stays contained.
CODE_NPROC = 64
SLACK = 1.0

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
MADV_POPULATE_WRITE = 23  # Linux 5.14+
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36
MS_BIND = 4096
MS_REC = 16384

try:
    _libc = ctypes.CDLL(None, use_errno=True)
except OSError:
    _libc = None


def prctl(option, value):
    if _libc is None:
        return False
    return _libc.prctl(option, ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) == 0


def mount(source, target, fstype, flags, data):
    if _libc is None:
        raise OSError("libc unavailable")
    enc = lambda s: s.encode() if s is not None else None
    if _libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), target)


_real_setrecursionlimit = sys.setrecursionlimit
_real_getrecursionlimit = sys.getrecursionlimit
_getframe = sys._getframe
# The candidate's recursion limit as it would be in a plain `python3 file.py` (module frame at depth 1), and the
# harness frames below the candidate's current entry point: the interpreter's limit is their sum, so a candidate
# calling sys.setrecursionlimit(10) gets the 10 frames it asked for, and the harness keeps room to report after it.
_recursion = {"limit": sys.getrecursionlimit(), "offset": 0, "raw": 0}
HARNESS_FRAMES = 100


def _depth():
    """Frames on the stack of the caller, the caller included."""
    f = _getframe(1)
    n = 0
    while f is not None:
        n += 1
        f = f.f_back
    return n


def _candidate_setrecursionlimit(limit):
    """sys.setrecursionlimit as candidates see it: counted from their own module frame."""
    limit = _index(limit)
    if limit < 1:
        raise ValueError("recursion limit must be greater or equal than 1")
    # The depth plain python3 would report here: the caller's frames above the harness, plus this call.
    depth = _depth() - 1 - _recursion["raw"] + 1
    if limit <= depth:
        raise RecursionError("cannot set the recursion limit to %d at the recursion depth %d: the limit is too low"
                             % (limit, depth))
    try:
        _real_setrecursionlimit(limit + _recursion["offset"])
    except RecursionError:
        # Only at the boundary (limit == depth + 1): this wrapper's own frame is one level more than plain python
        # has there. One frame more for the candidate rather than an error plain python would not raise.
        _real_setrecursionlimit(limit + _recursion["offset"] + 1)
    _recursion["limit"] = limit


def _candidate_getrecursionlimit():
    return _recursion["limit"]


_candidate_setrecursionlimit.__name__ = _candidate_setrecursionlimit.__qualname__ = "setrecursionlimit"
_candidate_getrecursionlimit.__name__ = _candidate_getrecursionlimit.__qualname__ = "getrecursionlimit"


def _calibrate_exec_levels():
    """Levels the interpreter counts between a frame that calls exec and the executed code, beyond one frame (an
    implementation detail of the interpreter version, so measured: the deepest recursion an exec'd module reaches
    under a known limit, against the limit - 2 a plain `python3` script reaches)."""
    ns = {}
    depth = _depth()
    saved = _real_getrecursionlimit()
    _real_setrecursionlimit(depth + 60)
    try:
        exec("def r(n):\n    return 0 if n == 0 else 1 + r(n - 1)\nm = 0\nwhile True:\n    try:\n"
             "        r(m + 1)\n    except RecursionError:\n        break\n    m += 1\n", ns)
    finally:
        _real_setrecursionlimit(saved)
    return max(0, 60 - 2 - ns["m"])


_EXEC_LEVELS = _calibrate_exec_levels()


def candidate_recursion(offset):
    """Before candidate code runs from a frame at depth `offset`: its own limit, shifted by the harness frames."""
    _recursion["raw"] = offset
    offset += _EXEC_LEVELS
    _recursion["offset"] = offset
    _real_setrecursionlimit(_recursion["limit"] + offset)


def harness_recursion():
    """After candidate code ran: room for the harness to report, whatever limit the candidate set."""
    need = _recursion["offset"] + HARNESS_FRAMES
    if _real_getrecursionlimit() < need:
        _real_setrecursionlimit(need)


def run_candidate(code, ns):
    """exec of candidate code (setup, module or test) with the candidate's recursion limit."""
    candidate_recursion(_depth())
    try:
        _exec(code, ns)
    finally:
        harness_recursion()


def short(text):
    text = str(text)
    return text if len(text) <= MSG_LIMIT else text[:MSG_LIMIT] + "..."


def describe(exc):
    try:
        name = type(exc).__name__
    except _BaseException:
        name = "BaseException"
    try:
        message = short(exc)
    except _BaseException:
        message = "<unprintable exception>"
    return name, message


class LineReader:
    """Reads nonce-tagged lines from a pipe with a deadline; everything else on the pipe is ignored. While it
    waits it also drains the given output sinks, so that a writer blocked on a full output pipe cannot stall the
    message it is waiting for."""

    def __init__(self, fd, nonce, longest_line=65536):
        self.fd = fd
        self.tag = (nonce + " ").encode()
        self.buf = b""
        self.eof = False
        # Untagged garbage is trimmed, but never so far that a legitimate line still arriving could be cut.
        self.keep = max(65536, longest_line)
        self.cap = max(PIPE_BUFFER_CAP, 2 * self.keep)

    def next(self, deadline, sinks=()):
        """Returns the next tagged payload (bytes), None at end of file, or raises TimeoutError."""
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                at = line.find(self.tag)
                if at >= 0:
                    return line[at + len(self.tag):]
            if self.eof:
                return None
            left = deadline - _monotonic()
            if left <= 0:
                raise TimeoutError()
            fds = [self.fd]
            for sink in sinks:
                if not sink.eof:
                    fds.append(sink.fd)
            ready, _, _ = _select(fds, [], [], left)
            if not ready:
                raise TimeoutError()
            for sink in sinks:
                if sink.fd in ready and not sink.eof:
                    sink.pump()
            if self.fd not in ready:
                continue
            chunk = _read(self.fd, 65536)
            if not chunk:
                self.eof = True
                self.buf += b"\n"
                continue
            self.buf += chunk
            if len(self.buf) > self.cap:
                self.buf = self.buf[-self.keep:]


_null_fd = -1


def null_fd():
    """A write-only /dev/null for splice, opened once per process on first use (most processes never need it)."""
    global _null_fd
    if _null_fd < 0:
        _null_fd = _open(os.devnull, os.O_WRONLY)
    return _null_fd


class OutputSink:
    """The read end of a candidate's stdout+stderr pipe. Keeps the first `cap` bytes and discards the rest, reading
    as fast as the candidate writes: a candidate printing gigabytes neither blocks on a full pipe nor grows our
    memory. Past the cap the bytes are spliced to /dev/null (no copy through user space) where splice exists."""

    def __init__(self, fd, cap):
        self.fd = fd
        self.room = max(0, int(cap))
        self.parts = []
        self.truncated = False
        self.eof = False
        self.splice = _splice is not None

    def pump(self):
        """One read (the fd must be readable)."""
        if self.room == 0 and self.splice:
            try:
                n = _splice(self.fd, null_fd(), 1 << 20)
            except OSError:
                self.splice = False
                n = -1
            if n >= 0:
                self.eof = n == 0
                self.truncated = self.truncated or n > 0
                return
        chunk = _read(self.fd, 65536)
        if not chunk:
            self.eof = True
            return
        if len(chunk) > self.room:
            self.truncated = True
            chunk = chunk[:self.room]
        if chunk:
            self.parts.append(chunk)
            self.room -= len(chunk)

    def drain(self, deadline):
        """Reads until the writers are gone or the deadline; then closes the pipe."""
        try:
            while not self.eof:
                left = deadline - _monotonic()
                if left <= 0:
                    break
                ready, _, _ = _select([self.fd], [], [], left)
                if not ready:
                    break
                self.pump()
        finally:
            self.close()

    def close(self):
        if self.fd >= 0:
            _close(self.fd)
            self.fd = -1
            self.eof = True

    def text(self):
        # Bytes, not characters, are capped: a multi-byte character cut at the cap decodes as U+FFFD.
        return b"".join(self.parts).decode("utf-8", "replace")


def flush_output():
    """Pushes what the candidate printed out of Python's buffers into the pipe before the harness reports (the
    process ends in _exit, which flushes nothing). Errors are the candidate's business (it may have closed them)."""
    seen = []
    for stream in (getattr(sys, "stdout", None), getattr(sys, "stderr", None), _stdout, _stderr):
        if stream is None or any(stream is s for s in seen):
            continue
        seen.append(stream)
        try:
            stream.flush()
        except _BaseException:
            pass


def send(fd, nonce, obj):
    data = (nonce + " " + _dumps(obj) + "\n").encode()
    while data:
        n = _write(fd, data)
        data = data[n:]


def wait_exit(pid, deadline):
    """Waits for a child that should be exiting; kills it at the deadline. Returns (status, rusage, killed)."""
    done, status, usage = _wait4(pid, os.WNOHANG)
    if done:
        return status, usage, False
    pidfd = -1
    if _pidfd_open is not None:
        try:
            pidfd = _pidfd_open(pid)
        except OSError:
            pidfd = -1
    try:
        delay = 0.0002
        while True:
            left = deadline - _monotonic()
            if left > 0:
                if pidfd >= 0:
                    _select([pidfd], [], [], left)
                else:
                    _sleep(min(delay, left))
                    delay = min(delay * 2, 0.01)
            done, status, usage = _wait4(pid, os.WNOHANG)
            if done:
                return status, usage, False
            if _monotonic() >= deadline:
                try:
                    _kill(pid, signal.SIGKILL)
                except OSError:
                    pass
                done, status, usage = _wait4(pid, 0)
                return status, usage, True
    finally:
        if pidfd >= 0:
            _close(pidfd)


def cpu_of(usage):
    return usage.ru_utime + usage.ru_stime if usage is not None else 0.0


def death_status(status, usage, cpu_limit, killed_for_time):
    """Classifies a child that died without reporting."""
    if killed_for_time:
        return "timeout", None, "wall-clock limit reached"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_of(usage) >= cpu_limit - 0.05):
            return "timeout", None, "CPU limit reached"
        return "crash", None, "killed by signal %d" % sig
    return "crash", None, "exited with status %d without reporting a result" % os.WEXITSTATUS(status)


# ---------------------------------------------------------------- test child (T), runs inside the code child


def limit_cpu(seconds, hard_floor=0):
    """SIGXCPU at the limit, SIGKILL a second later (for a candidate that ignores SIGXCPU); never above the
    inherited hard limit, which an unprivileged process cannot raise."""
    soft = _ceil(seconds)
    hard = max(soft + 1, hard_floor)
    current = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    _setrlimit(resource.RLIMIT_CPU, (soft, hard))


def enter_test_child(cpu_seconds, config):
    _setrlimit(resource.RLIMIT_NPROC, (0, 0))
    limit_cpu(cpu_seconds)
    if config["pdeathsig"]:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    # random reseeds itself in every forked child; each test continues from the state the code left instead.
    if _random_state is not None:
        random.setstate(_random_state)


def run_test_child(ns, code, nonce, out_fd, limits, config):
    """Body of T: must end in _exit whatever the test does. `code` is compiled, or the exception compiling raised."""
    try:
        enter_test_child(limits["cpu"], config)
        if isinstance(code, _BaseException):
            raise code
        start = _process_time()
        try:
            run_candidate(code, ns)
            used = _process_time() - start
            report = {"s": "pass", "c": used}
        except _AssertionError as exc:
            used = _process_time() - start
            name, message = describe(exc)
            report = {"s": "fail", "e": name, "m": message, "c": used}
        except _BaseException as exc:
            used = _process_time() - start
            name, message = describe(exc)
            report = {"s": "error", "e": name, "m": message, "c": used}
        # Inline and only the harness's own stdout: each extra function or attribute lookup run for the first
        # time in a fresh child writes to its code object's inline caches, a copy-on-write fault (~5 us) per
        # check. Text a test buffers in a stdout of its own making is lost (the process ends in _exit).
        try:
            _stdout.flush()
        except _BaseException:
            pass
        send(out_fd, nonce, report)
    except _BaseException as exc:
        try:
            flush_output()
            name, message = describe(exc)
            send(out_fd, nonce, {"s": "error", "e": name, "m": message, "c": 0.0})
        except _BaseException:
            pass
    finally:
        _exit(0)


def fork_retrying(deadline):
    """fork() in the code child; EAGAIN can come from other workers' children sharing the uid's process count."""
    while True:
        try:
            return _fork()
        except BlockingIOError:
            if _monotonic() >= deadline:
                raise
            _sleep(0.005)


def run_one_test(ns, test, limits, worker_fd, config):
    """In C: forks T for one test and returns its report dict, with T's stdout+stderr ("o", capped; "ot" when
    cut). The test is compiled here, before the fork: memory the compiler allocates in a fresh child costs page
    faults on every check."""
    try:
        code = _compile(test, "<test>", "exec")
    except _BaseException as exc:
        name, message = describe(exc)
        return {"s": "error", "e": name, "m": message, "c": 0.0, "o": "", "ot": False}
    nonce = _urandom(8).hex()
    read_fd, write_fd = _pipe()
    out_read, out_write = _pipe()
    deadline = _monotonic() + limits["timeout"]
    try:
        pid = fork_retrying(deadline)
    except OSError as exc:
        for fd in (read_fd, write_fd, out_read, out_write):
            _close(fd)
        return {"s": "crash", "m": "could not fork the test: " + short(exc), "c": 0.0}
    if pid == 0:
        try:
            _close(read_fd)
            _close(worker_fd)
            _close(out_read)
            _dup2(out_write, 1)
            _dup2(out_write, 2)
            _close(out_write)
        finally:
            run_test_child(ns, code, nonce, write_fd, limits, config)
    _close(write_fd)
    _close(out_write)
    reader = LineReader(read_fd, nonce)
    sink = OutputSink(out_read, limits["out"])
    payload = None
    killed = False
    try:
        payload = reader.next(deadline, (sink,))
    except TimeoutError:
        killed = True
        try:
            _kill(pid, signal.SIGKILL)
        except OSError:
            pass
    _close(read_fd)
    if killed:
        status, usage, killed_late = wait_exit(pid, _monotonic())
        # Dead and reaped: what it wrote before is still in the pipe, then end of file.
        sink.drain(_monotonic() + 0.05)
    else:
        # A test may close its pipes early and keep running: it still gets only its own deadline.
        sink.drain(max(deadline, _monotonic() + 0.05))
        status, usage, killed_late = wait_exit(pid, max(deadline, _monotonic() + 0.05))
    killed = killed or killed_late
    report = None
    if payload is not None:
        try:
            report = _loads(payload.decode())
        except _BaseException:
            report = None
    if report is None:
        s, e, m = death_status(status, usage, limits["cpu"], killed)
        report = {"s": s, "m": m, "c": cpu_of(usage)}
        if e:
            report["e"] = e
    report["o"] = sink.text()
    report["ot"] = sink.truncated
    return report


# Timing. A round runs every test once in a fresh fork of the loaded code, so each round starts from the state the
# code left (caches, inputs a candidate mutates). A fresh fork shares its pages with the code process: the first
# write to each page costs a copy-on-write fault, which is the fork's cost, not the code's (measured 3.4 ms of faults
# on a 1.2 ms test that scans a 100,000-string list; a header such as `import threading` whose at-fork handler
# touches memory first made identical code look up to 3x faster). So an untimed probe round first learns which
# pages the tests write, and every timed round copies those pages (MADV_POPULATE_WRITE, untimed) before it starts
# its clock.
MAX_PREFAULT_RUNS = 4096
MAX_PREFAULT_PAGES = 1 << 18  # 1 GiB of 4 KiB pages
PAGE = resource.getpagesize()
PM_PRESENT = 1 << 63
PM_EXCLUSIVE = 1 << 56


def written_pages():
    """Runs of pages this process has written since it was forked: present and mapped by this process alone (the
    code process still maps every page it shared with us). [[first page, count], ...]; None if the kernel does not
    tell (no /proc/self/pagemap)."""
    import array
    runs = []
    try:
        # The privilege drop cleared the dumpable flag, which makes /proc/self/pagemap root's; this process is about
        # to exit, and it runs nothing but the harness from here on.
        prctl(PR_SET_DUMPABLE, 1)
        with open("/proc/self/maps", "rb") as f:
            maps = f.read().splitlines()
        fd = _open("/proc/self/pagemap", os.O_RDONLY)
    except OSError:
        return None
    try:
        total = 0
        for line in maps:
            fields = line.split()
            if len(fields) < 2 or fields[1] != b"rw-p":
                continue
            lo, hi = (int(x, 16) // PAGE for x in fields[0].split(b"-"))
            start = None
            for base in range(lo, hi, 65536):
                n = min(65536, hi - base)
                entries = array.array("Q")
                entries.frombytes(os.pread(fd, 8 * n, 8 * base))
                for i, e in enumerate(entries):
                    hit = e & PM_PRESENT and e & PM_EXCLUSIVE
                    if hit and start is None:
                        start = base + i
                    elif not hit and start is not None:
                        runs.append([start, base + i - start])
                        total += base + i - start
                        start = None
            if start is not None:
                runs.append([start, hi - start])
                total += hi - start
            if len(runs) > MAX_PREFAULT_RUNS or total > MAX_PREFAULT_PAGES:
                return None
    except (OSError, ValueError):
        return None
    finally:
        _close(fd)
    return runs


_madvise = None


def prefault(runs):
    """Takes the copy-on-write faults of the given pages now. Returns False where the kernel cannot (before 5.14)."""
    global _madvise
    if _libc is None:
        return False
    if _madvise is None:
        _madvise = _libc.madvise
        _madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        _madvise.restype = ctypes.c_int
    ok = True
    for first, count in runs:
        if _madvise(first * PAGE, count * PAGE, MADV_POPULATE_WRITE) != 0:
            # A page the probe mapped itself (a new arena) is not mapped here: nothing to copy. EINVAL means the
            # kernel lacks MADV_POPULATE_WRITE.
            ok = ok and ctypes.get_errno() != 22
    return ok


class OpcodeCounter:
    """The "opcodes" clock: counts the bytecode instructions executed while installed (sys.settrace with per-opcode
    events in every frame). The same code on the same inputs counts the same in every run of one Python version; work
    done inside builtins counts as the one instruction that called it."""

    def __init__(self):
        self.count = 0

    def frame(self, frame, event, arg):
        frame.f_trace_lines = False
        frame.f_trace_opcodes = True
        return self.step

    def step(self, frame, event, arg):
        if event == "opcode":
            self.count += 1
        return self.step


def run_timed(code, ns, clock):
    """One test under the round's clock: (passed, measure). The candidate's recursion limit counts from here, as for
    a check; the counter's callback runs one frame below the deepest candidate frame, so it gets that frame more."""
    ok = True
    if clock == "opcodes":
        counter = OpcodeCounter()
        candidate_recursion(_depth() + 1)
        _settrace(counter.frame)
        try:
            _exec(code, ns)
        except _BaseException:
            ok = False
        finally:
            _settrace(None)
            harness_recursion()
        return ok, counter.count
    candidate_recursion(_depth())
    start = _process_time()
    try:
        _exec(code, ns)
    except _BaseException:
        ok = False
    used = _process_time() - start
    harness_recursion()
    return ok, used


def run_round_child(ns, codes, nonce, out_fd, limits, config, runs, probe, clock):
    """Body of T for a timing round: every (compiled) test once, the clock's measure of the tests summed. The probe
    round also reports which pages it wrote; the timed rounds copy those first."""
    try:
        enter_test_child(limits["cpu"] * max(1, len(codes)), config)
        prefaulted = prefault(runs) if runs else False
        used = 0
        ok = True
        for code in codes:
            ok, measure = run_timed(code, ns, clock)
            used += measure
            if not ok:
                break
        report = {"ok": ok, "c": used, "pf": prefaulted}
        if probe:
            report["pages"] = written_pages()
        send(out_fd, nonce, report)
    except _BaseException as exc:
        try:
            harness_recursion()
            name, message = describe(exc)
            send(out_fd, nonce, {"ok": False, "c": 0.0, "e": name, "m": message})
        except _BaseException:
            pass
    finally:
        _exit(0)


def valid_runs(pages):
    if not isinstance(pages, list) or len(pages) > MAX_PREFAULT_RUNS:
        return None
    for run in pages:
        if not (isinstance(run, list) and len(run) == 2 and all(type(x) is int and x >= 0 for x in run)):
            return None
    return pages


def run_one_round(ns, codes, limits, worker_fd, config, clock, runs=None, probe=False):
    nonce = _urandom(8).hex()
    read_fd, write_fd = _pipe()
    deadline = _monotonic() + limits["timeout"] * max(1, len(codes)) + 1
    try:
        pid = fork_retrying(deadline)
    except OSError:
        _close(read_fd)
        _close(write_fd)
        return {"ok": False, "c": 0.0}
    if pid == 0:
        try:
            _close(read_fd)
            _close(worker_fd)
        finally:
            run_round_child(ns, codes, nonce, write_fd, limits, config, runs, probe, clock)
    _close(write_fd)
    # The probe's page list: 16 bytes per run at most, JSON-encoded.
    reader = LineReader(read_fd, nonce, longest_line=32 * MAX_PREFAULT_RUNS + 4096)
    payload = None
    try:
        payload = reader.next(deadline)
    except TimeoutError:
        try:
            _kill(pid, signal.SIGKILL)
        except OSError:
            pass
    _close(read_fd)
    wait_exit(pid, _monotonic() + 0.5)
    try:
        report = _loads(payload.decode()) if payload is not None else None
    except _BaseException:
        report = None
    return report if isinstance(report, dict) else {"ok": False, "c": 0.0}


def time_rounds(ns, tests, limits, worker_fd, config, repeats, clock, nonce):
    """In C: the probe round (CPU clock only: opcode counts do not see page faults), then `repeats` timed rounds,
    each reported to the worker as it ends."""
    try:
        codes = [_compile(t, "<test>", "exec") for t in tests]
    except _BaseException:
        for _ in range(repeats):
            send(worker_fd, nonce, {"t": "round", "ok": False, "c": 0.0})
        return
    runs = None
    if clock == "cpu":
        probe = run_one_round(ns, codes, limits, worker_fd, config, clock, probe=True)
        runs = valid_runs(probe.get("pages")) if probe.get("ok") else None
        send(worker_fd, nonce, {"t": "probe", "ok": bool(probe.get("ok")), "pages": None if runs is None else
                                sum(r[1] for r in runs)})
    for _ in range(repeats):
        report = run_one_round(ns, codes, limits, worker_fd, config, clock, runs=runs)
        report["t"] = "round"
        send(worker_fd, nonce, report)


# ---------------------------------------------------------------- code child (C)


def enter_sandbox(config, limits, workdir, worker_fd, output_fd, n_tests):
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    # stdout and stderr: the worker's capture pipe (exec), or /dev/null (timing rounds print to nobody).
    for fd in (1, 2):
        os.dup2(devnull if output_fd is None else output_fd, fd)
    # Closes the pipes to Java and everything else the worker holds; only fds 0-2 and ours stay.
    top = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    top = top if 0 < top < (1 << 20) else 4096
    os.closerange(3, worker_fd)
    os.closerange(worker_fd + 1, top)
    os.umask(0o077)
    mem = int(limits["mem"])
    _setrlimit(resource.RLIMIT_AS, (mem, mem))
    fsize = int(limits["fsize"])
    _setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    _setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The code child's own CPU: its import plus a little per forked test. The hard limit leaves room for the
    # test children (a timing round runs every test), which inherit it and lower their own.
    limit_cpu(limits["cpu"] + 0.05 * n_tests + 1, hard_floor=_ceil(limits["cpu"] * max(1, n_tests)) + 2)
    os.chdir(workdir)
    if config["drop"]:
        _setrlimit(resource.RLIMIT_NPROC, (CODE_NPROC, CODE_NPROC))
        os.setgroups([])
        os.setgid(config["gid"])
        os.setuid(config["uid"])
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    sys.setrecursionlimit = _candidate_setrecursionlimit
    sys.getrecursionlimit = _candidate_getrecursionlimit
    os.environ["HOME"] = workdir
    os.environ["TMPDIR"] = workdir
    tempfile.tempdir = workdir
    random.seed(0)


def code_child(config, req, start, worker_fd, output_fd, workdir, nonce):
    """Body of C: loads the code once, then runs tests[start:] (or timing rounds) each in its own fork. What the
    module prints goes to output_fd (read by the worker); each test gets a pipe of its own."""
    try:
        limits = req["limits"]
        tests = req["tests"]
        enter_sandbox(config, limits, workdir, worker_fd, output_fd, len(tests))
        module = types.ModuleType("__candidate__")
        sys.modules["__candidate__"] = module
        ns = module.__dict__
        try:
            run_candidate(_compile(req.get("setup") or "", "<setup>", "exec"), ns)
            run_candidate(_compile(req["code"], "<candidate>", "exec"), ns)
        except _BaseException as exc:
            flush_output()
            name, message = describe(exc)
            send(worker_fd, nonce, {"t": "code_error", "e": name, "m": message})
            return
        # Empty buffers before the first fork: otherwise every test child would inherit and print them again.
        flush_output()
        global _random_state
        _random_state = random.getstate()
        if hasattr(gc, "freeze"):
            gc.freeze()
        send(worker_fd, nonce, {"t": "loaded"})
        if req["op"] == "time":
            time_rounds(ns, tests, limits, worker_fd, config, int(req["repeats"]), req.get("clock", "cpu"), nonce)
        else:
            for i in range(start, len(tests)):
                report = run_one_test(ns, tests[i], limits, worker_fd, config)
                report["t"] = "r"
                report["i"] = i
                send(worker_fd, nonce, report)
        send(worker_fd, nonce, {"t": "done"})
    except _BaseException:
        pass
    finally:
        _exit(0)


# ---------------------------------------------------------------- worker (trusted)


class Worker:
    def __init__(self, config):
        self.config = config
        self.notes = []
        self.pid1 = os.getpid() == 1
        self.proto_in = os.dup(0)
        self.proto_out = os.dup(1)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.close(devnull)
        self.stdin = os.fdopen(self.proto_in, "rb", buffering=65536)
        self.root = os.geteuid() == 0
        self.drop = bool(config.get("drop")) and self.root
        # Java gives each worker a uid and gid of its own (unused by any account); nobody only when started alone.
        self.uid = int(config.get("uid", NOBODY))
        self.gid = int(config.get("gid", self.uid))
        if self.drop and not (0 < self.uid < 1 << 31 and 0 < self.gid < 1 << 31):
            raise SystemExit("invalid sandbox uid/gid %r/%r" % (self.uid, self.gid))
        if config.get("drop") and not self.root:
            self.notes.append("not started as root: candidates run as the worker's own user")
        if not prctl(PR_SET_NO_NEW_PRIVS, 1):
            self.notes.append("no_new_privs unavailable")
        if not self.pid1:
            prctl(PR_SET_CHILD_SUBREAPER, 1)
        self.private_mounts = bool(config.get("private_mounts"))
        self.base = self.make_base()
        if self.drop:
            self.expose_stdlib()
        self.preload()
        self.scrub_environment()
        # The compiler's first use in a process costs ~2.8 ms CPU and ~130 page faults; paid here once instead of
        # in every code child.
        exec(compile("def _warm(x):\n    return [i for i in x]\n_warm('ab')\n", "<warm>", "exec"), {})
        # Everything loaded so far goes to the permanent generation: a collection in a child would otherwise
        # write to every object header and copy most of the heap page by page (measured 590 -> 190 page faults
        # per code load).
        gc.collect()
        if hasattr(gc, "freeze"):
            gc.freeze()
        self.counter = 0

    def make_base(self):
        under_tmp = [p for p in (sys.prefix, sys.base_prefix) if (p + "/").startswith("/tmp/")]
        if self.private_mounts and under_tmp:
            self.notes.append("interpreter lives under /tmp (%s): no private /tmp" % under_tmp[0])
        elif self.private_mounts:
            try:
                # Private, size-capped /tmp; other world-writable places become read-only for candidates.
                mount("tmpfs", "/tmp", "tmpfs", 0, "mode=0711,size=512m,nr_inodes=65536")
                for path in ("/var/tmp", "/dev/shm", "/run/lock", "/var/lock", "/dev/mqueue"):
                    if os.path.isdir(path) and not os.path.islink(path):
                        try:
                            mount("tmpfs", path, "tmpfs", 0, "mode=0755,size=64k")
                        except OSError:
                            pass
                return "/tmp"
            except OSError as exc:
                self.notes.append("private /tmp unavailable (%s)" % exc)
        base = tempfile.mkdtemp(prefix="codedpo-exec-")
        os.chmod(base, 0o711)
        return base

    def expose_stdlib(self):
        """The interpreter may live where nobody cannot read (pyenv under /root, mode 0700); without this an
        unprivileged candidate could import only what was already loaded."""
        prefixes = []
        for p in (sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix):
            if p and p not in prefixes:
                prefixes.append(p)
        blocked = [p for p in prefixes if not self.traversable(p)]
        if not blocked:
            return
        if not self.private_mounts:
            self.notes.append("interpreter under %s is not readable by nobody: only preloaded modules importable"
                              % blocked[0])
            return
        try:
            tops = sorted({self.first_closed_ancestor(p) for p in blocked})
            fds = {p: os.open(p, os.O_PATH | os.O_DIRECTORY) for p in prefixes}
            for top in tops:
                mount("tmpfs", top, "tmpfs", 0, "mode=0755,size=64k")
            for p, fd in fds.items():
                os.makedirs(p, mode=0o755, exist_ok=True)
                mount("/proc/self/fd/%d" % fd, p, None, MS_BIND | MS_REC, None)
                os.close(fd)
        except OSError as exc:
            self.notes.append("could not expose the interpreter to nobody (%s): only preloaded modules importable"
                              % exc)

    @staticmethod
    def first_closed_ancestor(path):
        parts = os.path.abspath(path).split("/")
        for i in range(2, len(parts) + 1):
            d = "/".join(parts[:i])
            if not os.stat(d).st_mode & 0o001:
                return d
        return path

    @staticmethod
    def traversable(path):
        parts = os.path.abspath(path).split("/")
        for i in range(2, len(parts) + 1):
            try:
                if not os.stat("/".join(parts[:i])).st_mode & 0o001:
                    return False
            except OSError:
                return False
        return True

    def preload(self):
        # Loaded once in the worker, inherited by every fork: candidate imports of these cost nothing.
        # Kept lean: every loaded module makes each fork slower (page tables), measured ~0.1-0.5 ms per fork.
        for name in ("math", "cmath", "re", "string", "collections", "collections.abc", "itertools", "functools",
                     "operator", "heapq", "bisect", "copy", "typing", "fractions", "decimal", "datetime"):
            try:
                __import__(name)
            except BaseException:
                pass

    def scrub_environment(self):
        """Java already started us with a scrubbed environment; what is left is made final here, once, so that
        each code child only points HOME and TMPDIR at its own directory (clearing os.environ per child cost
        ~0.6 ms)."""
        keep = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
        for key in list(os.environ):
            if key not in keep:
                del os.environ[key]
        os.environ.update(keep)
        os.environ["HOME"] = self.base
        os.environ["TMPDIR"] = self.base

    def network_isolated(self):
        try:
            import socket
            return [n for _, n in socket.if_nameindex()] == ["lo"]
        except (OSError, AttributeError):
            return False

    def hello(self):
        if "threading" in sys.modules:
            self.notes.append("threading was imported at startup: every fork runs its at-fork handler (slower)")
        return {"t": "hello", "pid": os.getpid(), "python": sys.version.split()[0], "root": self.root,
                "dropped": self.drop, "uid": self.uid if self.drop else None,
                "net_isolated": self.network_isolated(), "pid_namespace": self.pid1,
                "threading_loaded": "threading" in sys.modules, "notes": self.notes}

    def respond(self, obj):
        data = (json.dumps(obj) + "\n").encode()
        while data:
            n = os.write(self.proto_out, data)
            data = data[n:]

    def serve(self):
        self.respond(self.hello())
        while True:
            line = self.stdin.readline()
            if not line:
                break
            if not line.strip():
                continue
            try:
                req = json.loads(line)
                if req["op"] == "exec":
                    self.respond(self.execute(req))
                elif req["op"] == "time":
                    self.respond(self.time(req))
                elif req["op"] == "ping":
                    self.respond({"t": "pong"})
                else:
                    self.respond({"t": "error", "m": "unknown op %r" % req["op"]})
            except Exception as exc:
                self.respond({"t": "error", "m": "%s: %s" % (type(exc).__name__, short(exc))})
        self.sweep(None)
        if self.base != "/tmp":
            shutil.rmtree(self.base, ignore_errors=True)

    # -- one session: a fresh code child for tests[start:]

    def new_workdir(self):
        self.counter += 1
        # Random part: in a pid namespace every worker is pid 1, and a name must never be reused.
        path = os.path.join(self.base, "c%d-%s" % (self.counter, os.urandom(6).hex()))
        os.mkdir(path, 0o700)
        if self.drop:
            os.chown(path, self.uid, self.gid)
        return path

    def start_session(self, req, start, workdir, capture):
        """Forks a code child. Returns (pid, reader of its messages, sink of its own stdout+stderr or None)."""
        nonce = os.urandom(8).hex()
        read_fd, write_fd = os.pipe()
        out_read, out_write = os.pipe() if capture else (-1, None)
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read_fd)
                if capture:
                    os.close(out_read)
            finally:
                code_child(self.config_for_child(), req, start, write_fd, out_write, workdir, nonce)
        os.close(write_fd)
        cap = int(req["limits"]["out"])
        sink = None
        if capture:
            os.close(out_write)
            sink = OutputSink(out_read, cap)
        # A test's report carries its captured output, JSON-escaped.
        return pid, LineReader(read_fd, nonce, longest_line=JSON_EXPANSION * cap + 4096), sink

    def config_for_child(self):
        # In a pid namespace the worker kills every leftover at the end of a session, so test children can skip
        # the parent-death signal (a ctypes call, ~30 page faults per check).
        return {"drop": self.drop, "uid": self.uid, "gid": self.gid, "pdeathsig": not self.pid1}

    def end_session(self, pid, reader, sink=None, deadline_exit=0.5):
        """Kills the code child's group, reaps it, sweeps escaped descendants, then takes what is left in the
        output pipe (every writer is dead by then). Returns (status, usage, killed)."""
        status, usage, killed = wait_exit(pid, time.monotonic() + deadline_exit)
        os.close(reader.fd)
        self.sweep(pid)
        if sink is not None:
            sink.drain(time.monotonic() + 0.05)
        return status, usage, killed

    def kill_session(self, pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass

    def sweep(self, pgid):
        """Leaves no candidate process behind: the session's group, then anything re-parented to us."""
        if pgid is not None:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except OSError:
                pass
        me = os.getpid()
        for _ in range(50):
            self.reap()
            left = self.my_children(me)
            if not left:
                return
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.001)

    @staticmethod
    def reap():
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    def my_children(self, me):
        found = []
        try:
            entries = os.listdir("/proc")
        except OSError:
            return found
        for entry in entries:
            if not entry.isdigit() or int(entry) == me:
                continue
            if self.pid1:
                found.append(int(entry))
                continue
            try:
                with open("/proc/%s/stat" % entry, "rb") as f:
                    stat = f.read()
                ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == me:
                found.append(int(entry))
        return found

    def execute(self, req):
        limits = req["limits"]
        tests = req["tests"]
        n = len(tests)
        checks = [None] * n
        code = {"s": "pass"}
        code_output = None
        workdir = self.new_workdir()
        try:
            start = 0
            first = True
            while first or start < n:
                first = False
                pid, reader, sink = self.start_session(req, start, workdir, capture=True)
                phase_deadline = time.monotonic() + limits["timeout"]
                loaded = False
                current = start
                killed_for_time = False
                while True:
                    try:
                        payload = reader.next(phase_deadline, (sink,))
                    except TimeoutError:
                        killed_for_time = True
                        self.kill_session(pid)
                        payload = None
                    msg = self.parse(payload)
                    if msg is None:
                        break
                    kind = msg.get("t")
                    if kind == "code_error":
                        code = {"s": "error", "e": msg.get("e"), "m": msg.get("m")}
                        break
                    if kind == "loaded":
                        loaded = True
                        phase_deadline = time.monotonic() + limits["timeout"] + SLACK
                        continue
                    if kind == "r" and loaded and msg.get("i") == current:
                        checks[current] = self.check_of(msg)
                        current += 1
                        phase_deadline = time.monotonic() + limits["timeout"] + SLACK
                        continue
                    if kind == "done" and loaded:
                        break
                    # Anything else means the protocol was tampered with: the session is over.
                    self.kill_session(pid)
                    break
                status, usage, killed = self.end_session(pid, reader, sink)
                if code_output is None:
                    # A session restarted after a test killed its code process loads the module again: its
                    # output repeats the first and is dropped.
                    code_output = (sink.text(), sink.truncated)
                if code["s"] != "pass":
                    break
                if not loaded:
                    s, e, m = death_status(status, usage, limits["cpu"], killed_for_time)
                    code = {"s": s, "e": e, "m": m}
                    break
                if current < n:
                    # The session ended inside tests[current]: that check gets the blame, the rest run afresh.
                    s, e, m = ("timeout", None, "wall-clock limit reached") if killed_for_time else \
                        ("crash", None, "the code process died during this test")
                    checks[current] = {"s": s, "e": e, "m": m, "c": 0.0}
                    start = current + 1
                else:
                    start = n
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if code["s"] != "pass":
            checks = [{"s": code["s"], "e": code.get("e"), "m": code.get("m"), "c": 0.0} for _ in range(n)]
        if code_output is not None:
            code["o"], code["ot"] = code_output
        return {"t": "exec", "code": code, "checks": checks}

    def time(self, req):
        limits = req["limits"]
        tests = req["tests"]
        repeats = int(req["repeats"])
        rounds = []
        ok = True
        probed = None
        prefaulted = True
        workdir = self.new_workdir()
        try:
            pid, reader, _ = self.start_session(req, 0, workdir, capture=False)
            deadline = time.monotonic() + limits["timeout"]
            loaded = False
            while True:
                try:
                    payload = reader.next(deadline)
                except TimeoutError:
                    self.kill_session(pid)
                    payload = None
                msg = self.parse(payload)
                if msg is None:
                    break
                kind = msg.get("t")
                if kind == "loaded":
                    loaded = True
                elif kind == "probe" and loaded and probed is None:
                    probed = msg.get("pages")
                    ok = ok and bool(msg.get("ok"))
                elif kind == "round" and loaded:
                    rounds.append(float(msg.get("c", 0.0)))
                    ok = ok and bool(msg.get("ok"))
                    prefaulted = prefaulted and msg.get("pf") is True
                elif kind == "done":
                    break
                else:
                    self.kill_session(pid)
                    break
                deadline = time.monotonic() + limits["timeout"] * max(1, len(tests)) + 1 + SLACK
            self.end_session(pid, reader)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if len(rounds) != repeats:
            ok = False
        # "pf": every round started with the probe's pages copied (false where the kernel cannot, or nothing to copy).
        return {"t": "time", "ok": ok, "rounds": rounds, "pf": prefaulted and bool(rounds)}

    @staticmethod
    def parse(payload):
        if payload is None:
            return None
        try:
            msg = json.loads(payload.decode())
        except (ValueError, UnicodeDecodeError):
            return {}
        return msg if isinstance(msg, dict) else {}

    @staticmethod
    def check_of(msg):
        s = msg.get("s")
        if s not in ("pass", "fail", "error", "timeout", "crash"):
            s = "crash"
        try:
            c = float(msg.get("c") or 0.0)
        except (TypeError, ValueError):
            c = 0.0
        check = {"s": s, "e": msg.get("e"), "m": msg.get("m"), "c": c}
        if isinstance(msg.get("o"), str):
            check["o"] = msg["o"]
            check["ot"] = msg.get("ot") is True
        return check


def add_site_packages():
    """The worker runs with -S: .pth hooks may import threading, whose at-fork handler tripled the cost of every
    fork (measured 0.24 -> 0.71 ms CPU per child). Site-packages stay importable; .pth files are not processed."""
    if not sys.flags.no_site:
        return
    import site
    for path in site.getsitepackages():
        if os.path.isdir(path) and path not in sys.path:
            sys.path.append(path)


def main():
    config = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    if sys.path and sys.path[0] in ("", "-c"):
        sys.path.pop(0)
    add_site_packages()
    Worker(config).serve()


if __name__ == "__main__":
    main()
