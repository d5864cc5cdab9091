package dev.codedpo.train.data;

import java.util.List;

/**
 * Tokenized training rows of one file and what tokenization did to them: rows whose response truncation left
 * nothing to learn from are dropped (a row without response tokens would give no gradient, or NaN in an average),
 * and every count is reported.
 *
 * @param boundaryMerged rows where a token merged across the prompt/response boundary (the response was encoded
 *                       alone)
 */
public record TrainingData<R>(List<R> rows, int read, int truncated, int dropped, int boundaryMerged) {
    public TrainingData {
        rows = List.copyOf(rows);
    }
}
