package dev.codedpo.eval.prompt;

import dev.codedpo.eval.suite.Task;
import dev.codedpo.models.chat.ChatFormat;
import dev.codedpo.models.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompts and stop strings as EvalPlus builds them. Base models continue the task prompt (HumanEval: signature and
 * docstring; MBPP: a docstring with the task text and one test). Instruct models get EvalPlus's instruction and
 * the task in a fenced block as one user turn in their own chat format, and their answer is started for them with
 * a response sentence and an opening {@code ```python} fence, so the generation is the code itself.
 */
public final class PromptBuilder {
    static final String INSTRUCTION = "Please provide a self-contained Python script that solves the following "
            + "problem in a markdown code block:";
    static final String RESPONSE = "Below is a Python script with a self-contained function that solves the problem "
            + "and passes corresponding tests:";
    /** End-of-text markers and the start of top-level script code (EvalPlus's EOS list). */
    static final List<String> COMMON_STOPS = List.of("<|endoftext|>", "<|endofmask|>", "</s>", "\nif __name__",
            "\ndef main(", "\nprint(");

    private PromptBuilder() {}

    /** @param chat the model's chat format; unused (may be null) for base prompts */
    public static String prompt(Task task, PromptStyle style, ChatFormat chat) {
        if (style == PromptStyle.BASE) {
            return task.prompt().strip() + "\n";
        }
        String user = INSTRUCTION + "\n```\n" + task.prompt().strip() + "\n```\n";
        return chat.render(List.of(ChatMessage.user(user)), true) + RESPONSE + "\n```python\n";
    }

    /** Where a generation ends. Base HumanEval-like tasks also stop at the next top-level statement. */
    public static List<String> stops(Task task, PromptStyle style) {
        List<String> s = new ArrayList<>(COMMON_STOPS);
        if (style == PromptStyle.INSTRUCT) {
            s.add("\n```");
        } else if (task.prompt().stripLeading().startsWith("\"\"\"")) {
            s.addAll(List.of("\n\"\"\"", "\nassert"));          // MBPP: prompt is a docstring
        } else {
            s.addAll(List.of("\ndef ", "\nclass ", "\nimport ", "\nfrom ", "\nassert "));
        }
        return s;
    }
}
