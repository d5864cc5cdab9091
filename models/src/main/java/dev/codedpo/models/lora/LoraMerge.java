package dev.codedpo.models.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.codedpo.core.io.InputException;
import dev.codedpo.models.Devices;
import dev.codedpo.models.HfModel;
import dev.codedpo.models.nn.CausalLM;
import java.nio.file.Path;

/**
 * Folds a LoRA adapter into its base weights: W <- W + (alpha / r) B A for every adapted projection. The merged model
 * computes what base + adapter computes (without dropout), with no extra work per token, and is an ordinary model
 * for every inference path.
 */
public final class LoraMerge {
    private LoraMerge() {}

    /** Adds the adapter's update to {@code model}'s weights in place (no gradient is recorded). */
    public static void mergeInto(CausalLM model, LoraAdapter adapter) {
        try (NDManager m = model.manager().newSubManager()) {
            for (String module : adapter.a().keySet()) {
                NDArray w = model.parameters().get(module + ".weight");
                NDArray delta = adapter.b().get(module).matMul(adapter.a().get(module));
                delta.attach(m);
                if (delta.getDataType() != w.getDataType()) {
                    delta = delta.toType(w.getDataType(), false);
                    delta.attach(m);
                }
                w.addi(delta.muli(adapter.config().scale()));
            }
        }
    }

    /**
     * A model directory with an adapter directory merged in (for sample, eval and merge): the base's tokenizer and
     * generation settings, the merged weights.
     *
     * @param adapterDir a PEFT adapter directory, or null for the base alone
     */
    public static HfModel loadMerged(Path baseDir, Path adapterDir, String device) {
        HfModel hf = HfModel.load(baseDir, Devices.parse(device));
        if (adapterDir == null) {
            return hf;
        }
        try (LoraAdapter adapter = PeftAdapterFiles.load(adapterDir, hf.model(), 0)) {
            mergeInto(hf.model(), adapter);
            return hf;
        } catch (RuntimeException e) {
            hf.close();
            if (e instanceof InputException) {
                throw e;
            }
            throw new InputException("--adapter " + adapterDir + ": " + e.getMessage(), e);
        }
    }
}
