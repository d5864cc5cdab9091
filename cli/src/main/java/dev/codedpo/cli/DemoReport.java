package dev.codedpo.cli;

import dev.codedpo.data.rank.RankingAgreement;
import dev.codedpo.data.rank.PairQuality;
import dev.codedpo.data.rank.RankingKind;
import dev.codedpo.data.report.MarkdownTable;
import dev.codedpo.data.report.RunData;
import dev.codedpo.data.report.Speedups;
import dev.codedpo.data.report.SuiteResult;
import dev.codedpo.data.report.BarCharts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The demo's tables over its seeds: held-out pass@1 before and after each variant with its speed-up, each ranking's
 * agreement with the ground truth, each kind of work's share of the time, and which of the paper's claims the
 * numbers meet. Means and sample standard deviations over seeds; nothing here is tuned on the held-out set.
 */
final class DemoReport {
    static final List<String> TIME_KINDS = List.of("world", "pretrain", "eval-before", "generate", "pairs", "train",
            "eval-after", "compare", "ground-truth");
    static final List<RankingKind> VS_SELF_VERIFY = List.of(RankingKind.PASS_COUNT, RankingKind.ALL_TESTS,
            RankingKind.RANDOM);

    private final List<DemoRecipe.SeedResult> seeds;
    private final List<DemoVariant> variants;
    private final Map<String, Double> times;
    private final Map<String, Double> processes;

    /**
     * @param timesByKind     wall seconds per kind of work
     * @param processesByKind sandbox processes started per kind of work (as counted while the work ran)
     */
    DemoReport(List<DemoRecipe.SeedResult> seeds, List<DemoVariant> variants, Map<String, Double> timesByKind,
               Map<String, Double> processesByKind) {
        this.seeds = List.copyOf(seeds);
        this.variants = List.copyOf(variants);
        this.times = timesByKind;
        this.processes = processesByKind;
    }

    MarkdownTable passTable() {
        List<List<String>> rows = new ArrayList<>();
        for (DemoVariant v : variants) {
            rows.add(List.of(v.name(), v.method(), v.ranking(), cell(points(v, SuiteResult::before)),
                    cell(points(v, SuiteResult::after)), cell(points(v, SuiteResult::difference)),
                    cell(speedups(v), "x", 2), String.valueOf((int) Stats.of(solvedBoth(v)).mean())));
        }
        return new MarkdownTable(List.of("variant", "method", "ranking", "pass@1 before", "pass@1 after", "change",
                "speed-up", "timed"), rows);
    }

    MarkdownTable rankingTable() {
        List<List<String>> rows = new ArrayList<>();
        for (RankingKind k : RankingKind.values()) {
            List<Double> rho = spearman(k);
            List<Double> tasks = seeds.stream().map(s -> (double) s.agreement().get(k).tasks()).toList();
            rows.add(List.of(k.label(), cell(rho, "", 3), String.valueOf((int) Stats.of(tasks).mean())));
        }
        return new MarkdownTable(List.of("ranking", "Spearman vs truth", "tasks"), rows);
    }

    /**
     * Per variant that built its own pairs: the shares of its correctness pairs by ground truth (mean over seeds),
     * and the number of pairs.
     */
    MarkdownTable pairQualityTable() {
        Map<String, List<PairQuality.Counts>> byVariant = pairQualityByVariant();
        List<List<String>> rows = new ArrayList<>();
        byVariant.forEach((v, qs) -> rows.add(List.of(v,
                percent(qs, PairQuality.Counts::rightOverWrong), percent(qs, PairQuality.Counts::bothWrong),
                percent(qs, PairQuality.Counts::inverted), percent(qs, PairQuality.Counts::bothRight),
                String.valueOf((int) Stats.of(qs.stream().map(q -> (double) q.pairs()).toList()).mean()))));
        return new MarkdownTable(List.of("pairs of", "right > wrong", "both wrong", "inverted", "both right",
                "pairs"), rows);
    }

    private static String percent(List<PairQuality.Counts> qs,
                                  java.util.function.ToIntFunction<PairQuality.Counts> part) {
        return cell(shares(qs, part), "%%", 1);
    }

    /** Per seed that has pairs, the share of them (percent) that {@code part} counts. */
    private static List<Double> shares(List<PairQuality.Counts> qs,
                                       java.util.function.ToIntFunction<PairQuality.Counts> part) {
        return qs.stream().filter(q -> q.pairs() > 0).map(q -> 100.0 * part.applyAsInt(q) / q.pairs()).toList();
    }

    /** Each variant's pair quality counts over the seeds, for the variants that built their own pairs. */
    private Map<String, List<PairQuality.Counts>> pairQualityByVariant() {
        Map<String, List<PairQuality.Counts>> byVariant = new java.util.LinkedHashMap<>();
        for (DemoRecipe.SeedResult s : seeds) {
            s.pairQuality().forEach((v, q) -> byVariant.computeIfAbsent(v, k -> new ArrayList<>()).add(q));
        }
        return byVariant;
    }

    MarkdownTable timeTable() {
        double total = times.values().stream().mapToDouble(Double::doubleValue).sum();
        List<List<String>> rows = new ArrayList<>();
        times.forEach((kind, s) -> rows.add(List.of(kind, String.format("%.1f", s),
                total > 0 ? String.format("%.0f%%", 100 * s / total) : "-",
                String.format("%,.0f", processes.getOrDefault(kind, 0.0)))));
        rows.add(List.of("total", String.format("%.1f", total), "100%", String.format("%,.0f", totalProcesses())));
        return new MarkdownTable(List.of("work", "seconds", "share", "sandbox processes"), rows);
    }

    /** The paper's claims, each met or not, with the numbers that decide it. */
    List<String> targets() {
        List<String> out = new ArrayList<>();
        Stats gain = Stats.of(points(variant("dpo"), SuiteResult::difference));
        out.add(verdict(gain.mean() >= 5, String.format("CodeDPO raises held-out pass@1 by at least 5 points over "
                + "the SFT model: %+.1f points", gain.mean())));
        Stats self = Stats.of(spearman(RankingKind.SELF_VERIFY));
        List<String> beaten = new ArrayList<>();
        boolean allBeaten = true;
        for (RankingKind k : VS_SELF_VERIFY) {
            double other = Stats.of(spearman(k)).mean();
            allBeaten &= self.mean() > other;
            beaten.add(String.format("%s %.3f", k.label(), other));
        }
        out.add(verdict(allBeaten, String.format("self-verification ranks closer to the truth than pass-count, "
                + "all-tests and random: %.3f vs %s", self.mean(), String.join(", ", beaten))));
        double dpo = Stats.of(points(variant("dpo"), SuiteResult::after)).mean();
        List<String> rivals = new ArrayList<>();
        boolean matches = true;
        for (String name : List.of("kto", "sft-on-best")) {
            Optional<DemoVariant> v = variants.stream().filter(x -> x.name().equals(name)).findFirst();
            if (v.isPresent()) {
                double other = Stats.of(points(v.get(), SuiteResult::after)).mean();
                matches &= dpo >= other;
                rivals.add(String.format("%s %.1f", name, other));
            }
        }
        out.add(verdict(matches, String.format("DPO at least matches KTO and SFT-on-best after training: %.1f vs %s",
                dpo, String.join(", ", rivals))));
        Stats speed = Stats.of(speedups(variant("dpo")));
        out.add(speed.n() == 0 ? "NOT MEASURED: faster code (no held-out problem solved before and after)"
                : verdict(speed.mean() > 1.0, String.format("generated code gets faster on problems solved before "
                + "and after: mean speed-up %.2fx", speed.mean())));
        return out;
    }

    /** The variants that stopped, per seed, with the reason ("-" cells in the table). */
    List<String> failures() {
        List<String> out = new ArrayList<>();
        for (DemoRecipe.SeedResult s : seeds) {
            s.failures().forEach((v, why) -> out.add("seed " + s.seed() + " " + v + " stopped: " + why));
        }
        return out;
    }

    private static String verdict(boolean met, String what) {
        return (met ? "MET: " : "MISSED: ") + what;
    }

    private DemoVariant variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    /** Per seed, a pass@1 number in points (base tests of the held-out suite); seeds without it are left out. */
    private List<Double> points(DemoVariant v, java.util.function.BiFunction<SuiteResult, String, Optional<Double>> f) {
        List<Double> out = new ArrayList<>();
        for (DemoRecipe.SeedResult s : seeds) {
            RunData run = s.runs().get(v.name());
            if (run != null && !run.suites().isEmpty()) {
                f.apply(run.suites().get(0), SuiteResult.BASE).ifPresent(x -> out.add(100 * x));
            }
        }
        return out;
    }

    private List<Double> speedups(DemoVariant v) {
        return perSeed(v, r -> {
            Speedups s = Speedups.pooled(r.comparisons());
            return s.problems() == 0 ? null : s.mean();
        });
    }

    private List<Double> solvedBoth(DemoVariant v) {
        return perSeed(v, r -> (double) Speedups.pooled(r.comparisons()).problems());
    }

    private List<Double> perSeed(DemoVariant v, Function<RunData, Double> f) {
        List<Double> out = new ArrayList<>();
        for (DemoRecipe.SeedResult s : seeds) {
            RunData r = s.runs().get(v.name());
            Double x = r == null ? null : f.apply(r);
            if (x != null && !x.isNaN()) {
                out.add(x);
            }
        }
        return out;
    }

    private List<Double> spearman(RankingKind k) {
        return seeds.stream().map(s -> s.agreement().get(k).meanSpearman()).filter(x -> !x.isNaN()).toList();
    }

    private static String cell(List<Double> xs) {
        return cell(xs, "", 1);
    }

    /** "mean ± sd" over seeds (just the mean for one seed), "-" when nothing was measured. */
    private static String cell(List<Double> xs, String unit, int digits) {
        Stats s = Stats.of(xs);
        if (s.n() == 0) {
            return "-";
        }
        String f = "%." + digits + "f";
        return s.n() == 1 ? String.format(f + unit, s.mean())
                : String.format(f + unit + " ± " + f, s.mean(), s.sd());
    }

    /** Mean and sample standard deviation. */
    record Stats(int n, double mean, double sd) {
        static Stats of(List<Double> xs) {
            int n = xs.size();
            if (n == 0) {
                return new Stats(0, Double.NaN, Double.NaN);
            }
            double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double ss = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
            return new Stats(n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0);
        }
    }

    static final String PASS_CHART = "demo-pass-at-1.png";
    static final String CHANGE_CHART = "demo-change.png";
    static final String SPEARMAN_CHART = "demo-spearman.png";
    static final String PAIRS_CHART = "demo-pair-quality.png";
    static final String TIME_CHART = "demo-time.png";

    /** Bars over groups: each group's mean over seeds and its standard deviation (0 where nothing was measured). */
    private record Bars(List<Double> means, List<Double> sds) {
        static Bars of(List<List<Double>> perGroup) {
            List<Stats> stats = perGroup.stream().map(Stats::of).toList();
            return new Bars(stats.stream().map(st -> st.n() == 0 ? 0.0 : st.mean()).toList(),
                    stats.stream().map(st -> st.n() == 0 ? 0.0 : st.sd()).toList());
        }
    }

    /** The report's PNG charts in {@code dir}: the tables above as bars, seeds' spread as error bars. */
    void charts(Path dir) {
        List<String> names = variants.stream().map(DemoVariant::name).toList();
        Bars before = Bars.of(variants.stream().map(v -> points(v, SuiteResult::before)).toList());
        Bars after = Bars.of(variants.stream().map(v -> points(v, SuiteResult::after)).toList());
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("before (SFT model)", before.means());
        series.put("after", after.means());
        BarCharts.bars("held-out pass@1 (mean over seeds, error bar = sd)", "variant", "pass@1 (%)", names, series,
                Map.of("before (SFT model)", before.sds(), "after", after.sds()), dir.resolve(PASS_CHART));
        Bars change = Bars.of(variants.stream().map(v -> points(v, SuiteResult::difference)).toList());
        BarCharts.bars("held-out pass@1 change after training (points; error bar = sd over seeds)", "variant",
                "after - before (points)", names, Map.of("change", change.means()), Map.of("change", change.sds()),
                dir.resolve(CHANGE_CHART));

        List<RankingKind> kinds = List.of(RankingKind.values());
        Bars rho = Bars.of(kinds.stream().map(this::spearman).toList());
        BarCharts.bars("rankings vs ground truth (Spearman, mean over seeds)", "ranking", "Spearman",
                kinds.stream().map(RankingKind::label).toList(), Map.of("Spearman", rho.means()),
                Map.of("Spearman", rho.sds()), dir.resolve(SPEARMAN_CHART));

        Map<String, List<PairQuality.Counts>> quality = pairQualityByVariant();
        if (!quality.isEmpty()) {
            Bars right = Bars.of(quality.values().stream()
                    .map(qs -> shares(qs, PairQuality.Counts::rightOverWrong)).toList());
            BarCharts.bars("correctness pairs with a right chosen and a wrong rejected code", "pairs of",
                    "right > wrong (%)", new ArrayList<>(quality.keySet()), Map.of("right > wrong", right.means()),
                    Map.of("right > wrong", right.sds()), dir.resolve(PAIRS_CHART));
        }
        BarCharts.bars("wall seconds by kind of work (all seeds and variants)", "work", "seconds",
                new ArrayList<>(times.keySet()), Map.of("seconds", new ArrayList<>(times.values())), Map.of(),
                dir.resolve(TIME_CHART));
    }

    /** The sandbox's work and what it would take where a process costs ~9 ms of CPU (about 40 per second). */
    String checksLine() {
        double total = totalProcesses();
        if (total == 0) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        processes.forEach((k, v) -> parts.add(String.format("%,.0f %s", v, k)));
        return String.format("Sandbox: %,.0f processes (%s); at 40 per second (machines where a fork costs ~9 ms) they "
                + "would take %.1f min.", total, String.join(", ", parts), total / 40.0 / 60);
    }

    private double totalProcesses() {
        return processes.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** report.md: the tables, the verdicts and what each number means. */
    String markdown(DemoSettings settings) {
        StringBuilder b = new StringBuilder("# CodeDPO demo\n\n");
        b.append(String.format("%d seed(s)%s; means%s over seeds. Held-out pass@1 is greedy, in points (%%), on the "
                + "world's heldout_suite.jsonl.%n%n", seeds.size(), settings.quick() ? ", --quick sizes" : "",
                seeds.size() > 1 ? " ± sample standard deviation" : ""));
        b.append("## Held-out pass@1 and speed\n\n").append(passTable().markdown()).append('\n');
        b.append("![held-out pass@1](" + PASS_CHART + ") ![change](" + CHANGE_CHART + ")\n\n");
        b.append("before: the SFT model; after: the model the variant trained; change: after - before; speed-up: "
                + "mean of before/after run time over the held-out problems solved both before and after (timed: "
                + "how many); above 1 = faster.\n\n");
        failures().forEach(f -> b.append("- ").append(f).append('\n'));
        b.append('\n');
        b.append("## Rankings against the ground truth\n\n").append(rankingTable().markdown()).append('\n');
        b.append("Spearman's correlation between each ranking's code scores and whether the code passes its task's "
                + "reference tests, averaged over the training tasks that have both right and wrong codes (the "
                + "main run's samples).\n\n");
        b.append("![rankings](" + SPEARMAN_CHART + ")\n\n");
        b.append("## Pair quality against the ground truth\n\n").append(pairQualityTable().markdown()).append('\n');
        b.append("![pair quality](" + PAIRS_CHART + ")\n\n");
        b.append("Correctness pairs by whether their chosen and rejected codes pass the task's reference tests "
                + "(training tasks only): right > wrong is what preference training should learn from.\n\n");
        b.append("## Time\n\n").append(timeTable().markdown()).append('\n');
        b.append("Wall seconds of each kind of work, summed over seeds and variants (shared stages count once; seeds "
                + "that ran side by side overlap in time).\n\n");
        String checks = checksLine();  // every sandbox process, the slow-machine estimate
        if (!checks.isEmpty()) {
            b.append(checks).append("\n\n");
        }
        b.append("![time](" + TIME_CHART + ")\n\n");
        b.append("## Targets\n\n");
        targets().forEach(t -> b.append("- ").append(t).append('\n'));
        return b.toString();
    }
}
