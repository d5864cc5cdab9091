package dev.codedpo.train.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.DataType;
import dev.codedpo.models.nn.CausalLM;
import dev.codedpo.train.TrainConfig;
import dev.codedpo.train.TrainFixtures;
import dev.codedpo.train.data.LabeledExample;
import dev.codedpo.train.data.PreferenceExample;
import dev.codedpo.train.loop.Trainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** At step 1 the policy is the reference: DPO's sigmoid loss is ln 2 and KTO's is 1 - sigmoid(0) = 0.5 exactly. */
class FirstStepLossTest {
    @Test
    void dpoSigmoidStartsAtLn2() {
        try (CausalLM policy = TrainFixtures.load("stories260K");
             CausalLM reference = policy.copy(DataType.FLOAT32)) {
            TrainConfig c = TrainFixtures.config(Map.of("batch_size", 3, "grad_accum_steps", 2, "max_steps", 1));
            List<PreferenceExample> rows = TrainFixtures.pairs(6, 512, 1);
            Objective<PreferenceExample> dpo = new DpoObjective(new Models(policy, reference, 0), c.lossType(),
                    c.beta(), 0, 0);
            try (Trainer<PreferenceExample> t = new Trainer<>(c, policy.parameters(), policy.manager(), dpo, rows)) {
                Map<String, Object> row = t.step();
                assertEquals(Math.log(2), (double) row.get("loss"), 1e-6);
                assertEquals(0.0, (double) row.get("rewards/margins"), 1e-6);
            }
        }
    }

    @Test
    void ktoStartsAtOneHalf() {
        try (CausalLM policy = TrainFixtures.load("stories260K");
             CausalLM reference = policy.copy(DataType.FLOAT32)) {
            TrainConfig c = TrainFixtures.config(Map.of("method", "kto", "batch_size", 3, "max_steps", 1));
            List<LabeledExample> rows = TrainFixtures.labeled(3, 512, 2);
            Objective<LabeledExample> kto = new KtoObjective(new Models(policy, reference, 0), c.beta(), 1, 1);
            try (Trainer<LabeledExample> t = new Trainer<>(c, policy.parameters(), policy.manager(), kto, rows)) {
                Map<String, Object> row = t.step();
                assertEquals(0.5, (double) row.get("loss"), 1e-6);
                assertEquals(0.0, (double) row.get("kl"), 1e-6);
            }
        }
    }
}
