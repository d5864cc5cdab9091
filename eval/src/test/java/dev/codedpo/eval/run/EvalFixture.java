package dev.codedpo.eval.run;

import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.samples.Sample;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.suite.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Shared pieces of the evaluation tests: the real sandboxed pool and suite subsets. */
public final class EvalFixture {
    private EvalFixture() {}

    public static PythonWorkerPool pool() {
        return PythonWorkerPool.start(PoolConfig.defaults().withWorkers(2));
    }

    public static EvalJob.Options options(Path cacheDir) {
        return new EvalJob.Options(List.of(1), TimeLimits.evalPlusDefaults(), cacheDir, "python3", 2);
    }

    public static Suite subset(String suiteName, List<String> ids) {
        Suite s = SuiteLoader.load(suiteName);
        Set<String> keep = new HashSet<>(ids);
        List<Task> tasks = s.tasks().stream().filter(t -> keep.contains(t.taskId())).toList();
        if (tasks.size() != keep.size()) {
            throw new IllegalArgumentException("unknown ids in " + ids);
        }
        return s.subset(tasks);
    }

    /**
     * Each task gets the reference solution of the next task, with the next task's function also bound to this
     * task's entry-point name, so the harness really compares outputs instead of failing on a missing name.
     */
    public static List<Sample> shuffled(Suite suite) {
        List<Task> tasks = suite.tasks();
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            Task other = tasks.get((i + 1) % tasks.size());
            String program = other.reference() + "\n\n" + t.entryPoint() + " = " + other.entryPoint() + "\n";
            out.add(new Sample(t.taskId(), 0, program, "shuffled"));
        }
        return out;
    }

    public static Set<String> passed(List<SampleResult> results) {
        Set<String> s = new HashSet<>();
        for (SampleResult r : results) {
            if ("pass".equals(r.status())) {
                s.add(r.taskId() + "#" + r.sampleIndex());
            }
        }
        return s;
    }
}
