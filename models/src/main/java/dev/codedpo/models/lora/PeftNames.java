package dev.codedpo.models.lora;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tensor names in PEFT's {@code adapter_model.safetensors} for a causal LM: the module path under the PeftModel
 * wrapper ({@code base_model.model.}) plus {@code .lora_A.weight} / {@code .lora_B.weight}; PEFT strips the
 * adapter name ("default") when saving.
 */
public final class PeftNames {
    public static final String PREFIX = "base_model.model.";
    private static final Pattern LORA = Pattern.compile(
            "base_model\\.model\\.(model\\.layers\\.\\d+\\.(?:self_attn|mlp)\\.[a-z_]+)\\.lora_([AB])\\.weight");

    private PeftNames() {}

    public static String loraA(String module) {
        return PREFIX + module + ".lora_A.weight";
    }

    public static String loraB(String module) {
        return PREFIX + module + ".lora_B.weight";
    }

    /** {module, "A" or "B"} of a PEFT LoRA tensor name, or null for any other name. */
    public static String[] parse(String tensor) {
        Matcher m = LORA.matcher(tensor);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }
}
