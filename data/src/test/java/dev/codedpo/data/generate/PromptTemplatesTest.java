package dev.codedpo.data.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped templates render to the exact texts a model is given. */
class PromptTemplatesTest {
    static final PromptTask TASK = new PromptTask("t/1", "def inc(x):\n    \"\"\"x plus one\"\"\"\n", "inc", "");

    static PromptTemplates shipped(String code, String tests) {
        Path dir = Path.of("").toAbsolutePath().getParent().resolve("configs/prompts");
        return PromptTemplates.load(dir.resolve(code), dir.resolve(tests));
    }

    @Test
    void baseTemplatesContinueThePromptAndEndTheTestRequestWithAssert() {
        PromptTemplates t = shipped("code.jinja", "tests.jinja");
        assertEquals(TASK.prompt(), t.renderCode(TASK));
        assertEquals(TASK.prompt() + "    pass\n\n\n# check the correctness of inc\nassert", t.renderTests(TASK));
        PromptTask noEntry = new PromptTask("t/2", "x = 1\n", null, "");
        assertEquals("x = 1\n    pass\n\n\n# check the correctness of the code above\nassert",
                t.renderTests(noEntry));
    }

    @Test
    void instructTemplatesAskForFencedCodeAndAsserts() {
        PromptTemplates t = shipped("code-instruct.jinja", "tests-instruct.jinja");
        assertEquals("Please provide a self-contained Python script that solves the following problem in a "
                + "markdown code block:\n```\ndef inc(x):\n    \"\"\"x plus one\"\"\"\n```", t.renderCode(TASK));
        assertEquals("Write test cases for the following problem as self-contained Python assert statements that "
                + "call inc, one per line, in a markdown code block. Do not write the solution.\n```\n"
                + "def inc(x):\n    \"\"\"x plus one\"\"\"\n```", t.renderTests(TASK));
    }

    @Test
    void oneTrailingNewlineIsDroppedAsJinjaDoes() {
        assertEquals("a\n", PromptTemplates.withoutTrailingNewline("a\n\n"));
        assertEquals("a", PromptTemplates.withoutTrailingNewline("a\r\n"));
        assertEquals("a", PromptTemplates.withoutTrailingNewline("a"));
    }
}
