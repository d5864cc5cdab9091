# Timing of one candidate on a differential task's inputs (base then plus), for `codedpo compare`. The inputs are
# unpickled in the request's setup, which is not timed; each timing round runs in a fresh fork, so inputs that the
# candidate mutates are fresh again in the next round. Outputs are not checked here: only solutions that already
# passed are timed.
def __codedpo_load(base_blob, plus_blob):
    import base64
    import pickle
    inputs = []
    for blob in (base_blob, plus_blob):
        inputs.extend(pickle.loads(base64.b64decode(blob))[0])
    return inputs


def __codedpo_time_all(entry, inputs):
    import sys

    class _Sink:
        def write(self, s):
            return len(s)

        def flush(self):
            pass

    fn = globals()[entry]
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = _Sink()
    try:
        for inp in inputs:
            fn(*inp)
    finally:
        sys.stdout, sys.stderr = real_out, real_err
