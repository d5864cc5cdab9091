package dev.codedpo.data.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.suite.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Near-duplicate and decontamination filters on known texts. */
class FiltersTest {
    @Test
    void jaccardOfTokenNgramsByHand() {
        NearDuplicates d = new NearDuplicates(2, 0.5);
        // {a b, b c, c d} and {a b, b c, c e}: 2 shared of 4
        assertEquals(0.5, d.similarity("a b c d", "a  b\nc e"), 1e-12);
        assertEquals(1.0, d.similarity("f(x)+1", "f ( x ) + 1"), 1e-12, "layout is not a token");
        assertEquals(0.0, d.similarity("a b", "c d"), 1e-12);
    }

    static final String SUM = """
            def total(values):
                result = 0
                for v in values:
                    result += v
                return result
            """;

    @Test
    void nearDuplicatesRemovedDistinctKept() {
        String sumWithComment = SUM.replace("return result", "# done\n    return result");
        String product = """
                def product(values):
                    out = 1
                    for item in values:
                        out *= item
                    return out
                """;
        String sumAgain = SUM;
        NearDuplicates d = new NearDuplicates(5, 0.7);
        assertEquals(List.of(0, 2), d.keep(List.of(SUM, sumWithComment, product, sumAgain)));
        assertEquals(List.of(0, 1, 2), new NearDuplicates(5, 0.95).keep(List.of(SUM, sumWithComment, product)),
                "a stricter threshold keeps the commented copy");
    }

    @Test
    void aTaskCopiedFromHumanEvalIsContaminatedAFreshOneIsNot() {
        Decontaminator d = new Decontaminator(List.of("humaneval", "mbpp"), 10, 1);
        Task he0 = SuiteLoader.load("humaneval").byId().get("HumanEval/0");
        assertEquals("humaneval", d.overlap(he0.prompt()));
        // the docstring alone, reformatted, still overlaps
        assertEquals("humaneval", d.overlap("def f(x):\n    \"\"\" " + he0.prompt().substring(
                he0.prompt().indexOf("Check if")).toUpperCase().replace("\n", " ")));
        Task mbpp = SuiteLoader.load("mbpp").tasks().get(0);
        assertEquals("mbpp", d.overlap(mbpp.reference()));
        assertNull(d.overlap("""
                def rotate_grid(grid: list) -> list:
                    \"\"\"Turn a square grid of characters a quarter turn clockwise and return the new rows.
                    >>> rotate_grid(['ab', 'cd'])
                    ['ca', 'db']
                    \"\"\"
                """));
    }
}
