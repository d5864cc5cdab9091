package dev.codedpo.eval.prompt;

import dev.codedpo.core.io.InputException;

/**
 * The chat formats of the model families this project loads, recognised from the {@code chat_template} string of
 * tokenizer_config.json. Jinja is not evaluated: each family's single-turn layout (user message, then the start of
 * the assistant's turn) is written out here, which is what the templates render for one user turn.
 */
public enum ChatTemplate {
    /** Qwen2 / Qwen2.5(-Coder) and other ChatML models. */
    CHATML("<|im_start|>user\n%s<|im_end|>\n<|im_start|>assistant\n"),
    /** Llama 3 instruct. */
    LLAMA3("<|start_header_id|>user<|end_header_id|>\n\n%s<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"),
    /** Llama 2 / CodeLlama / Mistral instruct. */
    INST("[INST] %s [/INST]"),
    /** DeepSeek-Coder instruct (the system prompt is the model's own default). */
    DEEPSEEK_CODER("You are an AI programming assistant, utilizing the DeepSeek Coder model, developed by DeepSeek "
            + "Company, and you only answer questions related to computer science. For politically sensitive "
            + "questions, security and privacy issues, and other non-computer science questions, you will refuse "
            + "to answer.\n### Instruction:\n%s\n### Response:\n"),
    /** Magicoder. */
    MAGICODER("You are an exceptionally intelligent coding assistant that consistently delivers accurate and reliable "
            + "responses to user instructions.\n\n@@ Instruction\n%s\n\n@@ Response\n");

    private final String layout;

    ChatTemplate(String layout) {
        this.layout = layout;
    }

    /** The text up to where the assistant's answer begins; BOS is left to the tokenizer. */
    public String render(String user) {
        return String.format(layout, user).replace("%%", "%");
    }

    public static ChatTemplate detect(String chatTemplate) {
        if (chatTemplate == null || chatTemplate.isBlank()) {
            throw new InputException("the model has no chat_template: use --prompt-style base");
        }
        if (chatTemplate.contains("<|im_start|>")) {
            return CHATML;
        }
        if (chatTemplate.contains("<|start_header_id|>")) {
            return LLAMA3;
        }
        if (chatTemplate.contains("@@ Instruction")) {
            return MAGICODER;
        }
        if (chatTemplate.contains("### Instruction")) {
            return DEEPSEEK_CODER;
        }
        if (chatTemplate.contains("[INST]")) {
            return INST;
        }
        throw new InputException("unrecognised chat_template (supported: ChatML, Llama 3, [INST], DeepSeek-Coder, "
                + "Magicoder): use --prompt-style base, or generate samples elsewhere and pass --samples");
    }
}
