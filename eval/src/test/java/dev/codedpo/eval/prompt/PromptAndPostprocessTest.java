package dev.codedpo.eval.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.core.io.InputException;
import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.suite.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptAndPostprocessTest {
    static final Task HE0 = SuiteLoader.load("humaneval").byId().get("HumanEval/0");
    static final Task MBPP2 = SuiteLoader.load("mbpp-plus").byId().get("Mbpp/2");

    @Test
    void basePromptsAreTheTaskPrompt() {
        assertEquals(HE0.prompt().strip() + "\n", PromptBuilder.prompt(HE0, PromptStyle.BASE, null));
        assertTrue(PromptBuilder.stops(HE0, PromptStyle.BASE).contains("\ndef "));
        assertTrue(PromptBuilder.stops(MBPP2, PromptStyle.BASE).contains("\nassert"));
    }

    @Test
    void instructPromptsUseTheChatFormatAndOpenACodeBlock() {
        String p = PromptBuilder.prompt(MBPP2, PromptStyle.INSTRUCT, ChatTemplate.CHATML);
        assertEquals("<|im_start|>user\n" + PromptBuilder.INSTRUCTION + "\n```\n" + MBPP2.prompt().strip()
                + "\n```\n<|im_end|>\n<|im_start|>assistant\n" + PromptBuilder.RESPONSE + "\n```python\n", p);
        assertTrue(PromptBuilder.stops(MBPP2, PromptStyle.INSTRUCT).contains("\n```"));
    }

    @Test
    void chatTemplatesAreRecognised() {
        assertEquals(ChatTemplate.CHATML, ChatTemplate.detect("{% for m in messages %}<|im_start|>{{ m.role }}"));
        assertEquals(ChatTemplate.LLAMA3, ChatTemplate.detect("<|start_header_id|>"));
        assertEquals(ChatTemplate.DEEPSEEK_CODER, ChatTemplate.detect("### Instruction:\\n"));
        assertEquals(ChatTemplate.MAGICODER, ChatTemplate.detect("@@ Instruction\\n"));
        assertEquals(ChatTemplate.INST, ChatTemplate.detect("[INST] {{ m }} [/INST]"));
        assertThrows(InputException.class, () -> ChatTemplate.detect("{{ something else }}"));
        assertEquals("[INST] 100% sure [/INST]", ChatTemplate.INST.render("100% sure"));
    }

    @Test
    void baseCompletionsAreCutAtTheFirstStop() {
        String gen = "    return True\n\n\ndef helper():\n    pass\n";
        assertEquals("P    return True\n\n",
                CodePostprocessor.program("P", gen, PromptStyle.BASE, PromptBuilder.stops(HE0, PromptStyle.BASE), "f"));
        assertEquals("abc", CodePostprocessor.cutAtStops("abc</s>def\nprint(1)", List.of("\nprint(", "</s>")));
    }

    @Test
    void instructAnswersKeepTheCodeInsideTheFence() {
        List<String> stops = PromptBuilder.stops(MBPP2, PromptStyle.INSTRUCT);
        // the generation continues the opened ```python block
        assertEquals("def similar_elements(a, b):\n    return 1\n", CodePostprocessor.program("",
                "def similar_elements(a, b):\n    return 1\n```\nThis works because...", PromptStyle.INSTRUCT, stops,
                "similar_elements"));
        // a model that starts its own fenced block anyway
        assertEquals("def similar_elements(a, b):\n    return 2\n", CodePostprocessor.program("",
                "Here it is:\n```python\ndef similar_elements(a, b):\n    return 2\n```\n", PromptStyle.INSTRUCT,
                stops, "similar_elements"));
    }

    @Test
    void codeIsExtractedFromMarkdown() {
        String md = "Text\n```python\nimport math\n```\nmore\n```py\ndef f(x):\n    return x\n```\n```bash\nls\n```";
        assertEquals("def f(x):\n    return x\n", CodePostprocessor.extractCode(md, "f"));
        assertEquals("def f(x):\n    return x\n", CodePostprocessor.extractCode(md, null), "the longest block");
        assertEquals("no fences", CodePostprocessor.extractCode("no fences", "f"));
        assertEquals("def f():\n    pass\n", CodePostprocessor.extractCode("```python\ndef f():\n    pass", "f"),
                "an unterminated block still counts");
    }
}
