package dev.codedpo.models.io;

import java.nio.file.Path;

/**
 * How {@link HfCheckpoint#save} writes a model directory.
 *
 * @param dtype           F32, F16 or BF16 (both round to nearest even)
 * @param maxShardBytes   a checkpoint larger than this is split into model-0000i-of-0000n.safetensors shards plus
 *                        model.safetensors.index.json (Hugging Face's default shard size is 5 GB)
 * @param tokenizerSource directory whose tokenizer and generation files are copied alongside; null for none
 */
public record SaveOptions(SafetensorsDType dtype, long maxShardBytes, Path tokenizerSource) {
    public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;

    public SaveOptions {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be > 0");
        }
    }

    public static SaveOptions f32(Path tokenizerSource) {
        return new SaveOptions(SafetensorsDType.F32, DEFAULT_MAX_SHARD_BYTES, tokenizerSource);
    }

    public SaveOptions withDtype(SafetensorsDType d) {
        return new SaveOptions(d, maxShardBytes, tokenizerSource);
    }

    public SaveOptions withMaxShardBytes(long bytes) {
        return new SaveOptions(dtype, bytes, tokenizerSource);
    }
}
