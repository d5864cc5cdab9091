"""Runs a program and a check in one fresh namespace in this python3 (no sandbox), with a 0.5 s alarm."""
import contextlib
import io
import signal


class Timeout(Exception):
    pass


def _alarm(*_):
    raise Timeout()


def runs(program, check):
    """True when the program and then the check run without an exception within the time limit."""
    signal.signal(signal.SIGALRM, _alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        namespace = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(program, namespace)
            exec(check, namespace)
        return True
    except BaseException:
        return False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
