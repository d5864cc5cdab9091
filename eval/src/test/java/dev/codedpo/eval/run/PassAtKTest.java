package dev.codedpo.eval.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassAtKTest {
    @Test
    void handComputedValues() {
        // 1 - C(3,1)/C(5,1) = 1 - 3/5
        assertEquals(0.4, PassAtK.estimate(5, 2, 1), 1e-15);
        // 1 - C(3,2)/C(5,2) = 1 - 3/10
        assertEquals(0.7, PassAtK.estimate(5, 2, 2), 1e-15);
        // 1 - C(3,2)/C(4,2) = 1 - 3/6
        assertEquals(0.5, PassAtK.estimate(4, 1, 2), 1e-15);
        // 1 - C(199,10)/C(200,10) = 1 - 190/200
        assertEquals(0.05, PassAtK.estimate(200, 1, 10), 1e-14);
        // 1 - C(190,10)/C(200,10) = 1 - prod_{i=0}^{9} (190-i)/(200-i) = 0.40854787 (Python math.comb)
        double ratio = 1;
        for (int i = 0; i < 10; i++) {
            ratio *= (190.0 - i) / (200.0 - i);
        }
        assertEquals(1 - ratio, PassAtK.estimate(200, 10, 10), 1e-14);
        assertEquals(0.40854787, PassAtK.estimate(200, 10, 10), 1e-8);
    }

    @Test
    void edgeCases() {
        assertEquals(0.0, PassAtK.estimate(10, 0, 5), 0.0);
        assertEquals(1.0, PassAtK.estimate(10, 10, 5), 0.0);
        // n - c < k: every k-subset holds a correct sample
        assertEquals(1.0, PassAtK.estimate(10, 8, 3), 0.0);
        assertEquals(1.0, PassAtK.estimate(1, 1, 1), 0.0);
    }

    @Test
    void stableWhereBinomialsOverflow() {
        // C(200,100) ~ 9e58: the product form stays exact enough; 1 - 1/C(200,100) rounds to 1.
        assertEquals(1.0, PassAtK.estimate(200, 100, 100), 0.0);
        // c/n for k = 1 at any n
        assertEquals(37 / 1000.0, PassAtK.estimate(1000, 37, 1), 1e-15);
    }

    @Test
    void meanOverTasks() {
        assertEquals((0.4 + 0.0 + 1.0) / 3, PassAtK.mean(List.of(new int[] {5, 2}, new int[] {5, 0},
                new int[] {5, 5}), 1), 1e-15);
    }

    @Test
    void rejectsImpossibleArguments() {
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 2, 6));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 2, 0));
    }
}
