package dev.codedpo.models.generate;

/**
 * One generated sample.
 *
 * @param text         the decoded new tokens (special tokens skipped), cut before a stop string
 * @param tokenIds     the new tokens, up to and including the EOS or the token that completed a stop string
 * @param logProbs     each new token's log-probability under the model (log softmax of the raw logits: no
 *                     temperature or top-k/top-p), as a reference model would score it
 * @param finishReason "eos", "stop" or "length"
 */
public record Generation(String text, long[] tokenIds, float[] logProbs, String finishReason) {
    public double sumLogProb() {
        double s = 0;
        for (float v : logProbs) {
            s += v;
        }
        return s;
    }
}
