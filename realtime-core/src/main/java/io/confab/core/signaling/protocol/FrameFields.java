package io.confab.core.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.storage.events.MediaKind;

/**
 * Typed reads of one frame's fields, each check failing with a {@link FieldProblem} that names the
 * field and the message type. Fields that are null count as absent, so clients may send either.
 */
final class FrameFields {

    private final ObjectNode frame;
    private final String type;

    FrameFields(ObjectNode frame, String type) {
        this.frame = frame;
        this.type = type;
    }

    /** Machine text (SDP, ids, tokens): bounded in UTF-16 units, anything else left alone. */
    String requiredText(String field, int maxLength) {
        String text = optionalText(field, maxLength);
        if (text == null) {
            throw missing(field);
        }
        return text;
    }

    String optionalText(String field, int maxLength) {
        JsonNode node = frame.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field, "must be a string");
        }
        String text = node.textValue();
        if (text.length() > maxLength) {
            throw invalid(field, "is longer than " + maxLength + " characters");
        }
        return text;
    }

    /**
     * Human text (names, chat): bounded in code points so an emoji counts once, never blank, valid
     * Unicode, and free of control characters other than the line breaks and tabs chat may keep.
     * Single-line text (names, reasons) also refuses line separators and bidirectional controls.
     */
    String requiredHumanText(String field, int maxCodePoints, boolean multiline) {
        String text = optionalHumanText(field, maxCodePoints, multiline);
        if (text == null) {
            throw missing(field);
        }
        return text;
    }

    String optionalHumanText(String field, int maxCodePoints, boolean multiline) {
        // The UTF-16 bound first: it is at most twice the code point bound and cheap to check.
        String text = optionalText(field, maxCodePoints * 2);
        if (text == null) {
            return null;
        }
        if (text.codePointCount(0, text.length()) > maxCodePoints) {
            throw invalid(field, "is longer than " + maxCodePoints + " characters");
        }
        if (text.isBlank()) {
            throw invalid(field, "must not be blank");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowedBreak = multiline && (c == '\n' || c == '\r' || c == '\t');
            if (Character.isISOControl(c) && !allowedBreak) {
                throw invalid(field, "must not contain control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // JSON escapes can carry half a surrogate pair, which no UTF-8 encoder can write.
                throw invalid(field, "is not valid Unicode (unpaired surrogate)");
            } else if (!multiline && (isLineSeparator(c) || isBidiControl(c))) {
                // As the accounts DisplayName rule: a name must read as what it is (Unicode TR 36 section 2.1).
                throw invalid(field, "must not contain line separators or bidirectional controls");
            }
        }
        return text;
    }

    private static boolean isLineSeparator(char c) {
        return c == '\u2028' || c == '\u2029' || c == '\u0085';
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F';
    }

    boolean optionalBoolean(String field, boolean absent) {
        JsonNode node = frame.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw invalid(field, "must be true or false");
        }
        return node.booleanValue();
    }

    Integer optionalIndex(String field, int max) {
        JsonNode node = frame.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0 || node.intValue() > max) {
            throw invalid(field, "must be a whole number from 0 to " + max);
        }
        return node.intValue();
    }

    ParticipantId requiredParticipant(String field) {
        ParticipantId id = optionalParticipant(field);
        if (id == null) {
            throw missing(field);
        }
        return id;
    }

    ParticipantId optionalParticipant(String field) {
        JsonNode node = frame.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !ParticipantId.isWellFormed(node.textValue())) {
            throw invalid(field, "must be a participant id (1-" + ParticipantId.MAX_LENGTH
                    + " characters of A-Z a-z 0-9 _ . : -)");
        }
        return new ParticipantId(node.textValue());
    }

    MediaKind requiredKind(String field) {
        String text = requiredText(field, 16);
        return switch (text) {
            case "audio" -> MediaKind.AUDIO;
            case "video" -> MediaKind.VIDEO;
            default -> throw invalid(field, "must be \"audio\" or \"video\"");
        };
    }

    FieldProblem missing(String field) {
        return new FieldProblem(ErrorCode.MISSING_FIELD, type + " needs field '" + field + "'");
    }

    FieldProblem invalid(String field, String why) {
        return new FieldProblem(ErrorCode.INVALID_FIELD, "field '" + field + "' of " + type + " " + why);
    }

    /** A field failed its check. No stack trace: floods of bad frames are expected and must stay cheap. */
    static final class FieldProblem extends RuntimeException {
        private final ErrorCode code;

        FieldProblem(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        ErrorCode code() {
            return code;
        }
    }
}
