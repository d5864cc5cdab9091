package dev.codedpo.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTextTest {
    @Test
    void doublesInMessagesReadAsPythonsReprDoes() {
        // expected texts are Python 3's repr() of the same doubles; subnormals are left out, where Java 17's
        // Double.toString is not yet the shortest text (JDK-4511638, fixed in 19)
        double[] values = {1e-5, 2e-5, 1.5e-7, 0.0001, 0.00012, 1e16, 1e15, 123.456, -3e-9, 0.9, 16.0, 1e22,
            1.7976931348623157e308};
        List<String> python = List.of("1e-05", "2e-05", "1.5e-07", "0.0001", "0.00012", "1e+16",
                "1000000000000000.0", "123.456", "-3e-09", "0.9", "16.0", "1e+22", "1.7976931348623157e+308");
        for (int i = 0; i < values.length; i++) {
            assertEquals(python.get(i), ValueText.number(values[i], false));
        }
    }

    @Test
    void doublesInYamlKeepADotSoYaml11ReadsThemAsFloats() {
        assertEquals("1.0e-05", ValueText.number(1e-5, true));
        assertEquals("-3.0e-09", ValueText.number(-3e-9, true));
        assertEquals("1.5e-07", ValueText.number(1.5e-7, true));
        assertEquals("0.0001", ValueText.number(1e-4, true));
        assertEquals("16.0", ValueText.number(16, true));
    }

    @Test
    void stringsThatYamlWouldReadAsSomethingElseAreQuoted() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        assertEquals("q_proj", ValueText.yaml(f.textNode("q_proj")));
        assertEquals("runs/a-1.jsonl", ValueText.yaml(f.textNode("runs/a-1.jsonl")));
        assertEquals("\"yes\"", ValueText.yaml(f.textNode("yes")));
        assertEquals("\"Null\"", ValueText.yaml(f.textNode("Null")));
        assertEquals("\"1.0\"", ValueText.yaml(f.textNode("1.0")));
        assertEquals("\"\"", ValueText.yaml(f.textNode("")));
        assertEquals("\"a: b\"", ValueText.yaml(f.textNode("a: b")));
        assertEquals("\"./x\"", ValueText.yaml(f.textNode("./x")));
    }
}
