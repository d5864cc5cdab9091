package dev.codedpo.train.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.codedpo.models.nn.CausalLM;
import java.util.LinkedHashMap;
import java.util.Map;

/** The reference model: a copy of the initial weights that training never touches. */
final class FrozenCopy {
    private FrozenCopy() {}

    static CausalLM of(CausalLM model) {
        NDManager m = model.manager().getParentManager().newSubManager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> {
            NDArray copy = v.duplicate();
            copy.attach(m);
            params.put(k, copy);
        });
        return new CausalLM(model.config(), m, params);
    }
}
