package dev.codedpo.core.config;

/** A bad value or key found while merging one source; the loader adds the source's name to the message. */
final class ConfigProblem extends RuntimeException {
    private final String path;

    ConfigProblem(String path, String what) {
        super(what, null, false, false);
        this.path = path;
    }

    String path() {
        return path;
    }

    String what() {
        return getMessage();
    }
}
