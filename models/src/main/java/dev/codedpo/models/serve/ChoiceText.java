package dev.codedpo.models.serve;

import dev.codedpo.models.generate.GeneratedToken;
import java.util.ArrayList;
import java.util.List;

/** What one choice has generated so far: its text, its tokens (for log-probs and usage) and how it ended. */
final class ChoiceText {
    final int index;
    final StringBuilder text = new StringBuilder();
    final List<GeneratedToken> tokens = new ArrayList<>();
    /** Where each token's piece starts in the text of all pieces (OpenAI's text_offset). */
    final List<Integer> offsets = new ArrayList<>();
    private int piecesLength;
    String finishReason;

    ChoiceText(int index) {
        this.index = index;
    }

    void add(GeneratedToken t) {
        tokens.add(t);
        offsets.add(piecesLength);
        piecesLength += t.piece().length();
        text.append(t.released());
    }
}
