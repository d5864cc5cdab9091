package dev.codedpo.eval.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codedpo.eval.suite.SuiteLoader;
import dev.codedpo.eval.suite.Task;
import dev.codedpo.models.chat.JinjaChatTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptAndPostprocessTest {
    static final Task HE0 = SuiteLoader.load("humaneval").byId().get("HumanEval/0");
    static final Task MBPP2 = SuiteLoader.load("mbpp-plus").byId().get("Mbpp/2");
    /** The plain ChatML template (no default system turn), as many ChatML models ship it. */
    static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    @Test
    void basePromptsAreTheTaskPrompt() {
        assertEquals(HE0.prompt().strip() + "\n", PromptBuilder.prompt(HE0, PromptStyle.BASE, null));
        assertTrue(PromptBuilder.stops(HE0, PromptStyle.BASE).contains("\ndef "));
        assertTrue(PromptBuilder.stops(MBPP2, PromptStyle.BASE).contains("\nassert"));
    }

    @Test
    void instructPromptsUseTheChatFormatAndOpenACodeBlock() {
        JinjaChatTemplate chatml = JinjaChatTemplate.of(CHATML, null, "<|im_end|>");
        String p = PromptBuilder.prompt(MBPP2, PromptStyle.INSTRUCT, chatml);
        assertEquals("<|im_start|>user\n" + PromptBuilder.INSTRUCTION + "\n```\n" + MBPP2.prompt().strip()
                + "\n```\n<|im_end|>\n<|im_start|>assistant\n" + PromptBuilder.RESPONSE + "\n```python\n", p);
        assertTrue(PromptBuilder.stops(MBPP2, PromptStyle.INSTRUCT).contains("\n```"));
    }

    @Test
    void theUserTurnReachesTheTemplateVerbatim() {
        JinjaChatTemplate inst = JinjaChatTemplate.of("{{ bos_token }}{% for m in messages %}[INST] {{ m.content }} "
                + "[/INST]{% endfor %}", "<s>", "</s>");
        String p = PromptBuilder.prompt(HE0, PromptStyle.INSTRUCT, inst);
        assertEquals("<s>[INST] " + PromptBuilder.INSTRUCTION + "\n```\n" + HE0.prompt().strip() + "\n```\n [/INST]"
                + PromptBuilder.RESPONSE + "\n```python\n", p);
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
