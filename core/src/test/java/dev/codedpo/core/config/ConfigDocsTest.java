package dev.codedpo.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.codedpo.core.config.SampleConfig.Lora;
import dev.codedpo.core.config.SampleConfig.Order;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDocsTest {
    @TempDir
    Path dir;

    @Test
    void keyListForHelp() {
        assertEquals("""
                  learning_rate = 1.0e-05          peak learning rate
                  epochs = 3                       passes over the data
                  max_steps = 10000000000
                  bf16 = true                      train in bfloat16
                  run_name = base                  name of the run
                  eval_file = null                 held-out pairs, or null for none
                  order = tests-first              update order (tests-first | simultaneous)
                  seeds = [1, 2]                   seeds to repeat the run with
                  betas = [0.9, 0.999]             Adam betas
                  lora.rank = 8                    adapter rank
                  lora.alpha = 16.0                scale numerator
                  lora.targets = [q_proj, v_proj]  modules to adapt
                """, ConfigDocs.keys(SampleConfig.class, SampleConfig.defaults()));
    }

    @Test
    void commentedYamlOfTheDefaults() {
        assertEquals("""
                # Settings of the sample trainer.
                #
                # Command-line options override this file.
                learning_rate: 1.0e-05       # peak learning rate
                epochs: 3                    # passes over the data
                max_steps: 10000000000
                bf16: true                   # train in bfloat16
                run_name: base               # name of the run
                eval_file: null              # held-out pairs, or null for none
                order: tests-first           # update order (tests-first | simultaneous)
                seeds: [1, 2]                # seeds to repeat the run with
                betas: [0.9, 0.999]          # Adam betas
                lora:                        # LoRA adapter
                  rank: 8                    # adapter rank
                  alpha: 16.0                # scale numerator
                  targets: [q_proj, v_proj]  # modules to adapt
                """, ConfigDocs.yaml(SampleConfig.class, SampleConfig.defaults(),
                "Settings of the sample trainer.\n\nCommand-line options override this file."));
    }

    @Test
    void renderedDefaultsLoadBackToTheSameRecord() throws IOException {
        SampleConfig tricky = new SampleConfig(1.5e-7, 1, -5, false, "yes", Path.of("./a dir/eval.jsonl"),
                Order.SIMULTANEOUS, List.of(), List.of(1e-8, 1e20, -0.5),
                new Lora(1, 0.125, List.of("1.0", "null", "", "a, b", "~")));
        for (SampleConfig c : List.of(SampleConfig.defaults(), tricky)) {
            Path yaml = dir.resolve("defaults.yaml");
            Files.writeString(yaml, ConfigDocs.yaml(SampleConfig.class, c, "defaults"));
            // loaded over other defaults, so that a key missing from the file would show
            SampleConfig other = c == tricky ? SampleConfig.defaults() : tricky;
            assertEquals(c, ConfigLoader.load(SampleConfig.class, other, yaml, List.of(), Map.of()));
        }
    }

    record Partly(@Describe("said") @JsonProperty("a") int a, @JsonProperty("b") int b,
                  @Describe("block") @JsonProperty("inner") Inner inner) {
        record Inner(@JsonProperty("c") int c) {}
    }

    @Test
    void keysWithoutADescriptionAreListed() {
        assertEquals(List.of("b", "inner.c"), ConfigDocs.undescribed(Partly.class));
        assertEquals(List.of("max_steps"), ConfigDocs.undescribed(SampleConfig.class));
    }
}
