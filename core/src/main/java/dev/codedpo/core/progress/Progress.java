package dev.codedpo.core.progress;

/** Progress of a long job, shown to the user. Implementations are thread-safe. */
public interface Progress extends AutoCloseable {
    void step(long n);

    default void step() {
        step(1);
    }

    /** A short status shown beside the bar (e.g. "12 pairs"). */
    void message(String text);

    @Override
    void close();

    Progress NONE = new Progress() {
        @Override
        public void step(long n) {}

        @Override
        public void message(String text) {}

        @Override
        public void close() {}
    };

    /** A bar with rate and ETA on stderr (me.tongfei progressbar). */
    static Progress console(String task, long total, String unit) {
        return new ConsoleProgress(task, total, unit);
    }
}
