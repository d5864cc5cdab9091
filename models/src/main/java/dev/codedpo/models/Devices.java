package dev.codedpo.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.codedpo.core.io.InputException;

/** Parses a --device value: "cpu" (default), "gpu" or "gpu:N". A GPU request without CUDA natives is an error. */
public final class Devices {
    private Devices() {}

    public static Device parse(String spec) {
        String s = spec == null ? "cpu" : spec.trim().toLowerCase();
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu") || s.equals("cuda") || s.startsWith("gpu:") || s.startsWith("cuda:")) {
            int id = 0;
            int colon = s.indexOf(':');
            if (colon >= 0) {
                try {
                    id = Integer.parseInt(s.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new InputException("--device " + spec + ": expected gpu:N with a number N");
                }
            }
            int gpus = Engine.getEngine("PyTorch").getGpuCount();
            if (gpus == 0) {
                throw new InputException("--device " + spec + ": DJL's PyTorch engine sees no CUDA device (it is "
                        + "running the CPU natives; see docs/MODELS.md, section GPU)");
            }
            if (id >= gpus) {
                throw new InputException("--device " + spec + ": only " + gpus + " GPU(s) visible");
            }
            return Device.gpu(id);
        }
        throw new InputException("--device " + spec + ": expected cpu, gpu or gpu:N");
    }
}
