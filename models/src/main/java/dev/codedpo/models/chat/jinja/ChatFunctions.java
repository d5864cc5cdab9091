package dev.codedpo.models.chat.jinja;

import java.time.LocalDateTime;

/** The globals transformers gives chat templates. Public because Jinjava calls them by reflection. */
public final class ChatFunctions {
    private ChatFunctions() {}

    public static Object raiseException(Object message) {
        throw new TemplateRaisedError(PyStr.str(message));
    }

    public static String strftimeNow(String format) {
        return PyStrftime.format(LocalDateTime.now(), format);
    }
}
