package dev.codedpo.models.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits, in double precision and deterministic for a given random stream:
 * greedy (argmax, lowest id on ties), or temperature, then top-k, then top-p (the order transformers applies them).
 */
final class TokenSampler {
    /** The chosen token and its log-probability under the unmodified distribution. */
    record Choice(long token, float logProb) {}

    private final GenerationConfig config;

    TokenSampler(GenerationConfig config) {
        this.config = config;
    }

    Choice choose(float[] logits, int offset, int vocab, SplittableRandom rng) {
        double max = Double.NEGATIVE_INFINITY;
        int argmax = 0;
        for (int i = 0; i < vocab; i++) {
            if (logits[offset + i] > max) {
                max = logits[offset + i];
                argmax = i;
            }
        }
        double logZ = logNormalizer(logits, offset, vocab, max);
        int token = config.greedy() ? argmax : sample(logits, offset, vocab, max, rng);
        return new Choice(token, (float) (logits[offset + token] - logZ));
    }

    /** log sum exp of one row of logits whose largest value is {@code max}: log-probability = logit - this. */
    static double logNormalizer(float[] logits, int offset, int vocab, double max) {
        double z = 0;
        for (int i = 0; i < vocab; i++) {
            z += Math.exp(logits[offset + i] - max);
        }
        return max + Math.log(z);
    }

    private int sample(float[] logits, int offset, int vocab, double max, SplittableRandom rng) {
        double invT = 1.0 / config.temperature();
        int[] cand;
        if (config.topK() > 0 && config.topK() < vocab) {
            cand = topK(logits, offset, vocab, config.topK());
        } else {
            cand = new int[vocab];
            for (int i = 0; i < vocab; i++) {
                cand[i] = i;
            }
        }
        double[] p = new double[cand.length];
        double total = 0;
        for (int i = 0; i < cand.length; i++) {
            p[i] = Math.exp((logits[offset + cand[i]] - max) * invT);
            total += p[i];
        }
        if (config.topP() < 1.0) {
            // Only tokens above (1 - topP) / |cand| of the mass can be in the nucleus: the rest together hold at
            // most 1 - topP. Sorting just those keeps this cheap for 150k-token vocabularies.
            double floor = (1.0 - config.topP()) / cand.length * total;
            int kept = 0;
            for (int i = 0; i < cand.length; i++) {
                if (p[i] >= floor) {
                    kept++;
                }
            }
            Integer[] order = new Integer[kept];
            for (int i = 0, k = 0; i < cand.length; i++) {
                if (p[i] >= floor) {
                    order[k++] = i;
                }
            }
            Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(cand[a], cand[b]));
            double target = config.topP() * total;
            double acc = 0;
            int keep = 0;
            while (keep < order.length) {
                acc += p[order[keep]];
                keep++;
                if (acc >= target) {
                    break;
                }
            }
            int[] nucleus = new int[keep];
            double[] q = new double[keep];
            for (int i = 0; i < keep; i++) {
                nucleus[i] = cand[order[i]];
                q[i] = p[order[i]];
            }
            return draw(nucleus, q, acc, rng);
        }
        return draw(cand, p, total, rng);
    }

    private static int draw(int[] tokens, double[] weights, double total, SplittableRandom rng) {
        double u = rng.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < tokens.length; i++) {
            acc += weights[i];
            if (u < acc) {
                return tokens[i];
            }
        }
        return tokens[tokens.length - 1];
    }

    /** Ids of the k largest logits (ties to the lower id), in id order. */
    static int[] topK(float[] logits, int offset, int vocab, int k) {
        long[] keyed = new long[vocab];
        for (int i = 0; i < vocab; i++) {
            // Order-preserving int image of the float, so one primitive sort ranks by logit then by id.
            int bits = Float.floatToIntBits(logits[offset + i]);
            int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff;
            keyed[i] = ((long) ordered << 32) | (0xffffffffL & ~i);
        }
        Arrays.sort(keyed);
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = ~(int) keyed[vocab - 1 - j];
        }
        Arrays.sort(out);
        return out;
    }
}
