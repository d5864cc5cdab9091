package dev.codedpo.models.chat.jinja;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.mode.ExecutionMode;

/** Jinjava's default execution, printing values the Python way ({@link PythonicOutput}). */
final class PythonicMode implements ExecutionMode {
    @Override
    public void prepareContext(Context context) {
        context.setExpressionStrategy(new PythonicOutput());
    }
}
