package dev.codedpo.core.progress;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bar on stderr, so that stdout stays clean for data and tables. */
final class ConsoleProgress implements Progress {
    private final ProgressBar bar;

    ConsoleProgress(String task, long total, String unit) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .setEtaFunction(state -> state.getCurrent() <= state.getStart() ? java.util.Optional.empty()
                        : java.util.Optional.of(Duration.ofMillis((long) ((state.getMax() - state.getCurrent())
                                * (double) state.getElapsedAfterStart().toMillis()
                                / (state.getCurrent() - state.getStart())))))
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    @Override
    public void step(long n) {
        bar.stepBy(n);
    }

    @Override
    public void message(String text) {
        bar.setExtraMessage(text);
    }

    @Override
    public void close() {
        bar.close();
    }
}
