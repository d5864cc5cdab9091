package dev.codedpo.eval.check;

import dev.codedpo.eval.exec.ExecutionRequest;
import dev.codedpo.eval.exec.SandboxLimits;
import dev.codedpo.eval.exec.TimingClock;
import dev.codedpo.eval.exec.TimingRequest;
import dev.codedpo.eval.suite.Task;
import dev.codedpo.eval.truth.GroundTruth;
import dev.codedpo.eval.truth.PythonScript;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Turns a task, its ground truth and a candidate program into execution requests.
 *
 * <p>Test-list tasks: one check per test. Differential tasks: exactly two checks, the base set then the plus set,
 * each a generated harness (differential.py) that loops over all inputs of its set inside one fork.
 */
public final class CheckPlanner {
    /** EvalPlus allows 4 GiB: a few reference outputs alone take over 1 GiB in memory (Mbpp/255). */
    public static final long DIFFERENTIAL_MEMORY_BYTES = 4L << 30;

    private static final String DIFFERENTIAL = PythonScript.resource("differential.py");
    private static final String TIMING = PythonScript.resource("timing.py");

    private final SandboxLimits defaults;
    private final TimeLimits limits;

    public CheckPlanner(SandboxLimits defaults, TimeLimits limits) {
        this.defaults = defaults;
        this.limits = limits;
    }

    public TimeLimits limits() {
        return limits;
    }

    /** Labels of the checks {@link #request} makes, in order ("base", "plus", or "test 0", "test 1", ...). */
    public static List<String> checkLabels(Task task) {
        if (task.isDifferential()) {
            return List.of("base", "plus");
        }
        List<String> l = new ArrayList<>();
        for (int i = 0; i < task.tests().size(); i++) {
            l.add("test " + i);
        }
        return l;
    }

    public ExecutionRequest request(Task task, GroundTruth truth, String program) {
        if (task.isDifferential()) {
            double cpu = Math.max(limits.setBudget(truth.baseTimes()), limits.setBudget(truth.plusTimes()));
            return new ExecutionRequest("", program, List.of(
                    differentialTest(task, "base", truth.baseBlob(), truth.baseTimes()),
                    differentialTest(task, "plus", truth.plusBlob(), truth.plusTimes())),
                    sandbox(cpu, DIFFERENTIAL_MEMORY_BYTES));
        }
        double cpu = limits.minSeconds();
        if (truth.testTimes() != null) {
            for (double t : truth.testTimes()) {
                cpu = Math.max(cpu, limits.perItem(t));
            }
        }
        return new ExecutionRequest(task.setup(), program, task.tests(), sandbox(cpu, defaults.memoryBytes()));
    }

    /**
     * A timing request over the same work as the correctness check. Differential tasks: the inputs are unpickled in
     * {@code setup} (not timed) and each test only calls the candidate on every input, so the measured CPU time is
     * the candidate's own. Test-list tasks: the tests themselves.
     */
    public TimingRequest timing(Task task, GroundTruth truth, String program, int repeats, TimingClock clock) {
        if (task.isDifferential()) {
            double cpu = limits.setBudget(truth.baseTimes()) + limits.setBudget(truth.plusTimes());
            String setup = TIMING + "\n__codedpo_inputs = __codedpo_load(" + PyLiteral.str(truth.baseBlob()) + ", "
                    + PyLiteral.str(truth.plusBlob()) + ")\n";
            String test = "__codedpo_time_all(" + PyLiteral.str(task.entryPoint()) + ", __codedpo_inputs)\n";
            return new TimingRequest(setup, program, List.of(test), repeats, clock,
                    sandbox(cpu, DIFFERENTIAL_MEMORY_BYTES));
        }
        double cpu = limits.minSeconds();
        if (truth.testTimes() != null) {
            for (double t : truth.testTimes()) {
                cpu = Math.max(cpu, limits.perItem(t));
            }
        }
        return new TimingRequest(task.setup(), program, task.tests(), repeats, clock,
                sandbox(cpu, defaults.memoryBytes()));
    }

    private String differentialTest(Task task, String label, String blob, double[] times) {
        StringJoiner l = new StringJoiner(",", "[", "]");
        for (double t : times) {
            l.add(PyLiteral.num(limits.perItem(t)));
        }
        String reference = task.reference() == null ? "" : task.reference();
        return DIFFERENTIAL + "\n__codedpo_differential(" + PyLiteral.str(task.entryPoint()) + ", "
                + PyLiteral.str(task.differential().flavor()) + ", " + PyLiteral.num(task.differential().atol()) + ", "
                + PyLiteral.str(label) + ", " + PyLiteral.str(blob) + ", " + PyLiteral.str(l.toString()) + ", "
                + PyLiteral.str(reference) + ")\n";
    }

    private SandboxLimits sandbox(double cpuSeconds, long memoryBytes) {
        return new SandboxLimits(TimeLimits.wallFor(cpuSeconds), cpuSeconds, memoryBytes, defaults.maxOutputBytes(),
                defaults.maxFileBytes());
    }
}
