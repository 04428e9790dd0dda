package io.confab.core.accounts;

import java.util.Objects;

/**
 * The name everyone in a meeting sees for a participant: in the participant list, on the video
 * tile, beside chat lines and in the transcript. Surrounding white space is trimmed. Control
 * characters and line separators are refused because they break those layouts and the log lines
 * the name lands in; bidirectional override characters are refused because they make a name read
 * differently from what it is (the "RLO" spoofing of Unicode TR 36 section 2.1).
 */
public record DisplayName(String value) {

    public static final String FIELD = "display_name";

    /** Counted in code points, so an emoji is one character as a person would count it. */
    public static final int MAX_LENGTH = 64;

    public DisplayName {
        Objects.requireNonNull(value, "value");
        String problem = problem(value);
        if (problem != null || !value.equals(value.strip())) {
            throw new IllegalArgumentException(
                    "not a valid display name: " + (problem != null ? problem : "not trimmed"));
        }
    }

    /** Checks a name typed by a person; the error names the field {@code display_name}. */
    public static Validated<DisplayName> parse(String raw) {
        if (raw == null) {
            return Validated.rejected(FIELD, "is required");
        }
        String trimmed = raw.strip();
        String problem = problem(trimmed);
        return problem == null
                ? Validated.accepted(new DisplayName(trimmed))
                : Validated.rejected(FIELD, problem);
    }

    private static String problem(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    return "is not valid Unicode (unpaired surrogate)";
                }
                i++;
            }
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, was " + length;
        }
        boolean refused = name.codePoints().anyMatch(DisplayName::isRefused);
        return refused ? "must not contain control, line-break or text-direction characters" : null;
    }

    private static boolean isRefused(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || (codePoint >= 0x202A && codePoint <= 0x202E) // LRE, RLE, PDF, LRO, RLO
                || (codePoint >= 0x2066 && codePoint <= 0x2069); // LRI, RLI, FSI, PDI
    }

    @Override
    public String toString() {
        return value;
    }
}
