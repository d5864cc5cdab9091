package dev.codedpo.eval.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PyLiteralTest {
    /** Python must read the literal back as exactly the same code points (checked through their UTF-8 bytes). */
    @Test
    void stringsRoundTripThroughPython() throws Exception {
        String s = "a'b\"c\\d\ne\r\tf\u0000g\u00e9h\u4e2d\ud83d\ude00 end";
        String program = "import sys; sys.stdout.write(" + PyLiteral.str(s) + ".encode('utf-8').hex())";
        Process p = new ProcessBuilder("python3", "-c", program).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, p.waitFor());
        assertEquals(HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8)), out);
        assertEquals(PyLiteral.str(s), PyLiteral.str(s).chars().allMatch(c -> c < 128) ? PyLiteral.str(s) : "");
    }

    @Test
    void numbers() {
        assertEquals("1.0E-6", PyLiteral.num(1e-6));
        assertEquals("0.0", PyLiteral.num(0));
        assertThrows(IllegalArgumentException.class, () -> PyLiteral.num(Double.NaN));
    }
}
