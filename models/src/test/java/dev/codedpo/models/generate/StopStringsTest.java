package dev.codedpo.models.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.TestModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stop strings end a sample at the step whose token completes the earliest one, with the text cut before it: the
 * generator's result is checked against that rule applied to a run without stop strings, for stop strings taken
 * from all over the generated text (1 to 12 characters, single and in pairs, some spanning tokens) and for ones that
 * never occur.
 */
class StopStringsTest {
    static final int TOKENS = 90;

    @Test
    void everyStopStringEndsTheSampleWhereTheRuleSays() {
        try (HfModel hf = HfModel.load(TestModels.stories(), Device.cpu())) {
            Generator gen = new Generator(hf.model(), hf.tokenizer(), Set.of());
            long[] prompt = hf.tokenizer().encode("", true);
            Generation free = gen.generateTokens(List.of(prompt), GenerationConfig.greedy(TOKENS)).get(0).get(0);
            String[] prefixText = new String[TOKENS + 1];
            for (int k = 0; k <= TOKENS; k++) {
                prefixText[k] = hf.tokenizer().decode(Arrays.copyOf(free.tokenIds(), k), true);
            }
            String full = prefixText[TOKENS];
            List<List<String>> cases = new ArrayList<>();
            int[] lengths = {1, 2, 3, 5, 8, 12};
            for (int i = 0; i < lengths.length; i++) {
                for (int at : new int[] {3 + 7 * i, full.length() / 2 + i, full.length() - lengths[i] - 1}) {
                    cases.add(List.of(full.substring(at, at + lengths[i])));
                }
            }
            cases.add(List.of("zzz"));
            cases.add(List.of("never here", full.substring(full.length() - 6, full.length() - 1)));
            cases.add(List.of(full.substring(200, 206), full.substring(40, 43)));
            for (List<String> stops : cases) {
                Generation got = gen.generateTokens(List.of(prompt), GenerationConfig.greedy(TOKENS).withStop(stops))
                        .get(0).get(0);
                int k = 1;
                while (k <= TOKENS && stops.stream().noneMatch(prefixText[k]::contains)) {
                    k++;
                }
                if (k > TOKENS) {
                    assertEquals("length", got.finishReason(), stops.toString());
                    assertEquals(full, got.text(), stops.toString());
                    continue;
                }
                String text = prefixText[k];
                int cut = stops.stream().mapToInt(text::indexOf).filter(x -> x >= 0).min().orElseThrow();
                assertEquals("stop", got.finishReason(), stops.toString());
                assertEquals(text.substring(0, cut), got.text(), stops.toString());
                assertArrayEquals(Arrays.copyOf(free.tokenIds(), k), got.tokenIds(), stops.toString());
            }
        }
    }
}
