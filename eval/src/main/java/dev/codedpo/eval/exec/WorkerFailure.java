package dev.codedpo.eval.exec;

/** A worker process died, stopped answering or broke the protocol; the pool replaces it. */
final class WorkerFailure extends Exception {
    WorkerFailure(String message) {
        super(message);
    }
}
