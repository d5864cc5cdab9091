package dev.codedpo.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;

/** SnakeYAML's messages span several lines with source excerpts; a config error is one line. */
final class YamlErrors {
    private YamlErrors() {}

    static String oneLine(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        if (message.startsWith("Duplicate field '")) {
            int end = message.indexOf('\'', 17);
            return "duplicate key '" + message.substring(17, Math.max(17, end)) + "'";
        }
        List<String> parts = new ArrayList<>();
        for (String line : message.split("\n")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("in '") && !s.equals("^") && line.equals(line.stripLeading())) {
                parts.add(s);
            }
        }
        return parts.isEmpty() ? message.strip() : String.join("; ", parts);
    }
}
