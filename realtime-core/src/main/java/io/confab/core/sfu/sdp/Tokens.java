package io.confab.core.sfu.sdp;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Splitting and number reading shared by the attribute parsers; none of it throws on bad text. */
final class Tokens {
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t]+");

    private Tokens() {
    }

    /** Fields separated by one or more spaces or tabs; RFC 8866 asks for one space, senders vary. */
    static List<String> fields(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : List.of(WHITESPACE.split(trimmed));
    }

    /** The first field and the rest with its leading whitespace removed; rest is "" when absent. */
    static String[] headAndRest(String text) {
        String trimmed = text.strip();
        int space = indexOfWhitespace(trimmed);
        if (space < 0) {
            return new String[] {trimmed, ""};
        }
        return new String[] {trimmed.substring(0, space), trimmed.substring(space).strip()};
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** A non-negative decimal that fits a long; empty for anything else, signs included. */
    static OptionalLong decimal(String text) {
        if (text.isEmpty() || !isDigits(text)) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = text.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return OptionalLong.empty();
            }
            value = value * 10 + digit;
        }
        return OptionalLong.of(value);
    }

    /** One or more ASCII digits, of any length. */
    static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static OptionalInt decimalInRange(String text, int min, int max) {
        OptionalLong value = decimal(text);
        if (value.isEmpty() || value.getAsLong() < min || value.getAsLong() > max) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) value.getAsLong());
    }

    /** An RTP payload type: 0-127 (RFC 3550 §5.1 gives the field seven bits). */
    static OptionalInt payloadType(String text) {
        return decimalInRange(text, 0, 127);
    }

    /** An SSRC: any unsigned 32-bit value (RFC 3550 §5.1), held in a long. */
    static OptionalLong ssrc(String text) {
        OptionalLong value = decimal(text);
        return value.isPresent() && value.getAsLong() <= 0xFFFF_FFFFL ? value : OptionalLong.empty();
    }
}
