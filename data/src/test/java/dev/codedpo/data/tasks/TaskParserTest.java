package dev.codedpo.data.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Known completions give known prompts and entry points, or known reasons. */
class TaskParserTest {
    static final String INSTRUCT_ANSWER = """
            Here is a problem inspired by the snippet:

            ```python
            from typing import List
            import math


            def helper(x):
                return x


            def spread(values: List[float]) -> float:
                \"\"\"Return the difference between the largest and the smallest value.
                >>> spread([1.0, 4.0, 2.5])
                3.0
                \"\"\"
                return max(values) - min(values)
            ```
            It tests list handling.
            """;

    @Test
    void promptIsImportsThenSignatureAndDocstring() {
        List<TaskParser.Parsed> p = new TaskParser(TestPool.ast()).parse(List.of(
                INSTRUCT_ANSWER,
                // a base completion: the template opened the fence, the stop string cut the closing one
                "def count_words(text: str) -> int:\n    \"\"\"Count the words of text.\"\"\"\n",
                "Once upon a time there was a dog.",
                "```python\ndef f(x):\n    return x\n```",
                "   ",
                "```python\n"));
        assertEquals(new TaskParser.Parsed("""
                from typing import List
                import math


                def spread(values: List[float]) -> float:
                    \"\"\"Return the difference between the largest and the smallest value.
                    >>> spread([1.0, 4.0, 2.5])
                    3.0
                    \"\"\"
                """, "spread", null), p.get(0));
        assertEquals(new TaskParser.Parsed("def count_words(text: str) -> int:\n    \"\"\"Count the words of text.\"\"\"\n",
                "count_words", null), p.get(1));
        assertEquals(new TaskParser.Parsed(null, null, "syntax_error"), p.get(2));
        assertEquals(new TaskParser.Parsed(null, null, "no_documented_function"), p.get(3));
        assertEquals(new TaskParser.Parsed(null, null, "no_code"), p.get(4));
        assertEquals(new TaskParser.Parsed(null, null, "no_code"), p.get(5));
    }

    @Test
    void codeIsTheFirstFencedBlockOrTheWholeText() {
        assertEquals("a\n", TaskParser.codeOf("x\n```py\na\n```\n```\nb\n```"));
        assertEquals("a\nb", TaskParser.codeOf("```python\na\nb"));
        assertEquals("plain", TaskParser.codeOf("plain"));
    }
}
