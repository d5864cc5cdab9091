package dev.codedpo.models.io;

/** The safetensors element types this project reads and writes (floating point weights only). */
public enum SafetensorsDType {
    F32(4), F16(2), BF16(2);

    private final int bytes;

    SafetensorsDType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The name torch_dtype uses in config.json for this element type. */
    public String torchName() {
        return switch (this) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
        };
    }

    public static SafetensorsDType parse(String name, String tensor) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor " + tensor + ": dtype " + name
                    + " is not supported (supported: F32, F16, BF16)");
        }
    }
}
