package dev.codedpo.eval.prompt;

/** How a model is asked for a solution. */
public enum PromptStyle {
    /** A base model continues the task's prompt; the sample is prompt + continuation. */
    BASE,
    /** An instruct model gets the task in its chat template and answers with a fenced code block (EvalPlus style). */
    INSTRUCT
}
