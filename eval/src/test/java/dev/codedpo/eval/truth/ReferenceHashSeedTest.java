package dev.codedpo.eval.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.codedpo.eval.check.TimeLimits;
import dev.codedpo.eval.exec.PoolConfig;
import dev.codedpo.eval.exec.PythonWorkerPool;
import dev.codedpo.eval.run.EvalJob;
import dev.codedpo.eval.run.SampleResult;
import dev.codedpo.eval.samples.SampleReader;
import dev.codedpo.eval.suite.Suite;
import dev.codedpo.eval.suite.SuiteLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference outputs are computed with the candidates' PYTHONHASHSEED, whatever the environment of the reference
 * process would otherwise give it: a reference returning list(a set of strings) yields the order a candidate
 * computing the same set sees, so a candidate identical to the reference passes, however often the cache is rebuilt.
 */
class ReferenceHashSeedTest {
    private static final String WORDS = "[\"apple\", \"banana\", \"cherry\", \"date\", \"elder\", \"fig\", \"grape\","
            + " \"honeydew\", \"kiwi\", \"lemon\"]";
    private static final String SUITE = "{\"task_id\": \"s/0\", \"prompt\": \"def uniq(xs):\\n\", \"entry_point\": "
            + "\"uniq\", \"canonical_solution\": \"    return list(set(xs))\\n\", \"base_input\": [[" + WORDS
            + "]], \"plus_input\": [[[\"x\", \"y\", \"z\", \"w\", \"v\", \"u\"]]], \"atol\": 0}\n";
    private static final String SAMPLES = "{\"task_id\": \"s/0\", \"solution\": \"def uniq(xs):\\n    return "
            + "list(set(xs))\\n\"}\n";

    @Test
    void aCandidateIdenticalToTheReferencePassesWhateverSeedTheReferenceProcessWouldInherit(@TempDir Path dir)
            throws Exception {
        // A python3 whose hash seed is random unless its caller sets one: what a reference process inherits from
        // an environment without PYTHONHASHSEED.
        Path python = dir.resolve("python-random-seed");
        Files.writeString(python, "#!/bin/sh\n: \"${PYTHONHASHSEED:=random}\"\nexport PYTHONHASHSEED\n"
                + "exec python3 \"$@\"\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path suiteFile = dir.resolve("suite.jsonl");
        Path samplesFile = dir.resolve("samples.jsonl");
        Files.writeString(suiteFile, SUITE);
        Files.writeString(samplesFile, SAMPLES);
        Suite suite = SuiteLoader.load(suiteFile.toString());
        try (PythonWorkerPool pool = PythonWorkerPool.start(PoolConfig.defaults().withWorkers(1))) {
            for (int run = 0; run < 4; run++) {
                // A fresh cache each time: the reference outputs are recomputed by a fresh process.
                EvalJob.Options options = new EvalJob.Options(List.of(1), TimeLimits.evalPlusDefaults(),
                        dir.resolve("cache-" + run), python.toString(), 1);
                EvalJob.Outcome o = EvalJob.run(suite, SampleReader.read(samplesFile, suite), samplesFile.toString(),
                        dir.resolve("out-" + run), pool, options, m -> { });
                SampleResult r = o.results().get(0);
                assertEquals("pass", r.status(), "run " + run + ": " + r.failedInput());
            }
        }
    }

    @Test
    void theHashSeedIsPartOfTheCacheKey(@TempDir Path dir) throws Exception {
        Path suiteFile = dir.resolve("suite.jsonl");
        Files.writeString(suiteFile, SUITE);
        Suite suite = SuiteLoader.load(suiteFile.toString());
        GroundTruthStore store = new GroundTruthStore(dir, "python3", 1);
        // The key as it was before the seed joined it: suite bytes, script, Python version.
        String script = PythonScript.resource("groundtruth.py");
        Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.version)").start();
        String version = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        String seedless = dev.codedpo.eval.suite.SourceLines.sha256((suite.contentHash() + "\n"
                + dev.codedpo.eval.suite.SourceLines.sha256(script.getBytes()) + "\n" + version).getBytes());
        String withSeed = dev.codedpo.eval.suite.SourceLines.sha256((suite.contentHash() + "\n"
                + dev.codedpo.eval.suite.SourceLines.sha256(script.getBytes()) + "\n" + version
                + "\nPYTHONHASHSEED=0").getBytes());
        String name = store.cacheFile(suite).getFileName().toString();
        assertNotEquals("groundtruth-custom-" + seedless.substring(0, 16) + ".jsonl.gz", name);
        assertEquals("groundtruth-custom-" + withSeed.substring(0, 16) + ".jsonl.gz", name);
    }
}
