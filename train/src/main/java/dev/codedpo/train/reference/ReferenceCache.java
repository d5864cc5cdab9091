package dev.codedpo.train.reference;

import dev.codedpo.core.progress.Progress;
import dev.codedpo.models.batch.TokenizedRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reference log-probs computed once and kept beside the data ({@link ReferenceCacheFile}). The key is SHA-256 over
 * the model's weight files and config.json, the base dtype, the tokenizer files, the data file's bytes, the
 * truncation settings and (KTO) the row schedule; a run with the same key reads the file instead of running the
 * reference, a different key computes (and writes) a file of its own.
 */
public final class ReferenceCache {
    private static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "vocab.json", "merges.txt", "tokenizer.model");

    private ReferenceCache() {}

    /**
     * A digest of everything about the model that decides reference log-probs: config.json, every safetensors file
     * and index (all bytes: a weight changed in place must not reuse old values), the tokenizer files, and the dtype
     * the base is held in. Hashing reads each file once (about as fast as the disk for multi-GiB shards).
     */
    public static String modelDigest(Path modelDir, String dtype) {
        MessageDigest md = Digests.sha256();
        Digests.text(md, "dtype:" + dtype);
        List<Path> files;
        try (Stream<Path> s = Files.list(modelDir)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.equals("config.json") || n.endsWith(".safetensors") || n.endsWith(".safetensors.index.json")
                        || TOKENIZER_FILES.contains(n);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + modelDir, e);
        }
        for (Path f : files) {
            Digests.file(md, "model", f);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The full key of one data file's values. */
    public static String key(String modelDigest, Path dataFile, Map<String, Object> settings) {
        MessageDigest md = Digests.sha256();
        Digests.text(md, ReferenceCacheFile.FORMAT);
        Digests.text(md, "model:" + modelDigest);
        Digests.file(md, "data", dataFile);
        settings.forEach((k, v) -> Digests.text(md, k + "=" + v));
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The reference log-probs of every row of {@code batches}: read from the file for {@code key} beside
     * {@code dataFile} when it is there and whole, else computed batch by batch with {@code scorer} and written there.
     *
     * @param about extra header fields for people reading the file (settings, paths)
     */
    public static ReferenceLogps obtain(Path dataFile, String key, Map<String, Object> about,
                                        List<List<TokenizedRow>> batches,
                                        Function<List<TokenizedRow>, double[]> scorer, boolean progress,
                                        Consumer<String> log) {
        Path file = ReferenceCacheFile.beside(dataFile, key);
        StringBuilder why = new StringBuilder();
        Optional<Map<String, Double>> cached = ReferenceCacheFile.read(file, key, why);
        if (cached.isPresent()) {
            log.accept("reference log-probs: " + cached.get().size() + " rows from " + file);
            return new ReferenceLogps(cached.get());
        }
        if (!why.isEmpty()) {
            log.accept("reference log-probs: not using " + file + ": " + why + "; recomputing");
        }
        long rows = batches.stream().mapToLong(List::size).sum();
        ReferenceLogps computed;
        try (Progress bar = progress ? Progress.console("reference log-probs", rows, "rows") : Progress.NONE) {
            computed = ReferenceLogps.compute(batches, scorer, bar);
        }
        Map<String, Double> values = computed.values();
        try {
            ReferenceCacheFile.write(file, key, about, values);
            log.accept("reference log-probs: " + values.size() + " rows computed, saved to " + file);
        } catch (UncheckedIOException e) {
            // A read-only data directory must not stop training: the values are in memory for this run.
            log.accept("warning: cannot save reference log-probs to " + file + " (" + e.getCause().getMessage()
                    + "); using them for this run only");
        }
        return computed;
    }
}
