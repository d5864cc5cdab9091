package dev.codedpo.models.chat.jinja;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codedpo.core.io.Json;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against Python's own strftime of a fixed time (chat-templates/strftime.json, from render_expected.py). */
class PyStrftimeTest {
    @Test
    void formatsAsPythonDoes() throws Exception {
        JsonNode fixture = Json.MAPPER.readTree(getClass().getResource("/chat-templates/strftime.json"));
        LocalDateTime time = LocalDateTime.parse(fixture.get("time").asText());
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = fixture.get("formats").fields(); it.hasNext(); checked++) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(e.getValue().asText(), PyStrftime.format(time, e.getKey()), e.getKey());
        }
        assertEquals(7, checked);
    }

    @Test
    void pythonFloatReprAndJsonNumbers() {
        assertEquals("2.0", PyStr.floatRepr(2.0));
        assertEquals("0.1", PyStr.floatRepr(0.1));
        assertEquals("1e-05", PyStr.floatRepr(0.00001));
        assertEquals("1e+16", PyStr.floatRepr(1e16));
        assertEquals("1234567890123456.0", PyStr.floatRepr(1234567890123456.0));
        assertEquals("-2.5", PyStr.floatRepr(-2.5));
    }
}
