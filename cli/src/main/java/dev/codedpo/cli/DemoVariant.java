package dev.codedpo.cli;

import dev.codedpo.data.generate.GenerateStage;
import dev.codedpo.data.pairing.PairsStage;
import java.util.List;

/**
 * One run of the demo per seed: the main CodeDPO run or an ablation, as {@code --set} changes of the main run's
 * config, and the stages it takes over from the main run instead of redoing them (their settings and inputs are the
 * main run's, so the stage runner skips the copies).
 *
 * @param name   the run directory's name and the table's row
 * @param sets   changes of the main run's config
 * @param shared stages copied from the main run
 * @param reusesExecutions whether its pairs stage answers checks from the main run's recorded executions (a ranking
 *                         variant: same candidates, same limits, only the ranking differs)
 */
record DemoVariant(String name, String method, String ranking, List<String> sets, List<String> shared,
                   boolean reusesExecutions) {
    static final String MAIN = "dpo";
    static final List<String> SAME_PAIRS = List.of(RunWiring.EVAL_BEFORE, GenerateStage.NAME, PairsStage.NAME);
    static final List<String> SAME_SAMPLES = List.of(RunWiring.EVAL_BEFORE, GenerateStage.NAME);

    DemoVariant {
        sets = List.copyOf(sets);
        shared = List.copyOf(shared);
    }

    /** CodeDPO, then KTO and SFT on the same pairs, then DPO with each other ranking (all but self-verify). */
    static List<DemoVariant> all() {
        return List.of(
                new DemoVariant(MAIN, "dpo", "self-verify", List.of(), List.of(), false),
                new DemoVariant("kto", "kto", "self-verify", List.of("train.method=kto"), SAME_PAIRS, false),
                new DemoVariant("sft-on-best", "sft", "self-verify", List.of("train.method=sft"), SAME_PAIRS, false),
                ranking("pass-count"), ranking("all-tests"), ranking("codet"), ranking("random"));
    }

    private static DemoVariant ranking(String r) {
        return new DemoVariant("dpo-" + r, "dpo", r, List.of("pairs.ranking=" + r), SAME_SAMPLES, true);
    }

    boolean isMain() {
        return name.equals(MAIN);
    }
}
