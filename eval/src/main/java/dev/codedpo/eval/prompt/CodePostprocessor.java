package dev.codedpo.eval.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns raw model output into the program that is executed. */
public final class CodePostprocessor {
    private static final Pattern FENCE = Pattern.compile("```[ \\t]*([A-Za-z0-9_+-]*)[ \\t]*\\n(.*?)(?:\\n[ \\t]*```|\\z)",
            Pattern.DOTALL);

    private CodePostprocessor() {}

    /** Cuts {@code text} before the earliest stop string. */
    public static String cutAtStops(String text, List<String> stops) {
        int cut = text.length();
        for (String s : stops) {
            int i = text.indexOf(s);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return text.substring(0, cut);
    }

    /**
     * The code of a markdown answer: among fenced blocks (python/py/unlabelled; an unterminated last block counts),
     * the first that defines {@code entryPoint}, else the longest; text without fences is returned unchanged.
     */
    public static String extractCode(String text, String entryPoint) {
        List<String> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            String lang = m.group(1).toLowerCase();
            if (lang.isEmpty() || lang.equals("python") || lang.equals("py") || lang.equals("python3")) {
                blocks.add(m.group(2));
            }
        }
        if (blocks.isEmpty()) {
            return text;
        }
        if (entryPoint != null) {
            Pattern def = Pattern.compile("(?m)^\\s*def\\s+" + Pattern.quote(entryPoint) + "\\s*\\(");
            for (String b : blocks) {
                if (def.matcher(b).find()) {
                    return b + "\n";
                }
            }
        }
        return blocks.stream().max((a, b) -> Integer.compare(a.length(), b.length())).orElseThrow() + "\n";
    }

    /**
     * The program of one generation. Base: prompt + continuation cut at the stops. Instruct: the generation
     * continues an opened {@code ```python} block, so it is cut at the closing fence; a model that answers with
     * its own fences anyway is handled by {@link #extractCode}.
     */
    public static String program(String prompt, String generation, PromptStyle style, List<String> stops,
                                 String entryPoint) {
        if (style == PromptStyle.BASE) {
            return prompt + cutAtStops(generation, stops);
        }
        if (generation.contains("```")) {
            String inFence = cutAtStops(generation, List.of("\n```", "```"));
            if (!inFence.isBlank() && (entryPoint == null || inFence.contains("def " + entryPoint))) {
                return inFence + "\n";
            }
            // The model closed the opened block at once and wrote its own fenced blocks after some text.
            String own = extractCode(generation, entryPoint);
            return own.equals(generation) ? inFence + "\n" : own;
        }
        return cutAtStops(generation, stops) + "\n";
    }
}
