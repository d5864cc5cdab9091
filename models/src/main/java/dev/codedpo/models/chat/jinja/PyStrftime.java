package dev.codedpo.models.chat.jinja;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Python's datetime.strftime in the C locale (what {@code strftime_now} gives templates such as Llama 3.2's
 * "%d %b %Y"), including glibc's "-" flag that drops the padding ("%-d").
 */
final class PyStrftime {
    private PyStrftime() {}

    static String format(LocalDateTime t, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            boolean unpadded = format.charAt(i + 1) == '-' && i + 2 < format.length();
            char d = format.charAt(unpadded ? i + 2 : i + 1);
            String field = field(t, d, unpadded);
            if (field == null) {
                out.append(format, i, i + (unpadded ? 3 : 2));
            } else {
                out.append(field);
            }
            i += unpadded ? 2 : 1;
        }
        return out.toString();
    }

    private static String field(LocalDateTime t, char d, boolean unpadded) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        return switch (d) {
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
            case 'd' -> pad(t.getDayOfMonth(), 2, unpadded);
            case 'e' -> unpadded ? Integer.toString(t.getDayOfMonth()) : String.format("%2d", t.getDayOfMonth());
            case 'm' -> pad(t.getMonthValue(), 2, unpadded);
            case 'y' -> pad(t.getYear() % 100, 2, unpadded);
            case 'Y' -> Integer.toString(t.getYear());
            case 'H' -> pad(t.getHour(), 2, unpadded);
            case 'I' -> pad(hour12, 2, unpadded);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'M' -> pad(t.getMinute(), 2, unpadded);
            case 'S' -> pad(t.getSecond(), 2, unpadded);
            case 'j' -> pad(t.getDayOfYear(), 3, unpadded);
            case 'f' -> String.format("%06d", t.getNano() / 1000);
            case '%' -> "%";
            default -> null;
        };
    }

    private static String pad(int value, int width, boolean unpadded) {
        return unpadded ? Integer.toString(value) : String.format("%0" + width + "d", value);
    }
}
