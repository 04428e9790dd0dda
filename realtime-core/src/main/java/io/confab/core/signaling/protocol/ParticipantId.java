package io.confab.core.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One participant's presence in one meeting, as it appears on the wire and in {@code meeting.events}
 * ({@code ParticipantJoined.participantId}). A rejoin gets a new id, so the id never outlives a session.
 *
 * <p>The form is restricted to characters that are safe in JSON, logs, S3 keys and audit targets
 * ({@code participant:<id>}), so nothing downstream has to escape it.
 */
public record ParticipantId(String value) {

    /** Long enough for a prefixed UUID; short enough to keep presence lists small. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_LENGTH + "}");

    public ParticipantId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("participant id must be 1-" + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 _ . : -, got '" + value + "'");
        }
    }

    @JsonCreator
    public static ParticipantId of(String value) {
        return new ParticipantId(value);
    }

    /** A fresh id for a new presence; the transport calls this when a connection asks to join. */
    public static ParticipantId random() {
        return new ParticipantId("p-" + UUID.randomUUID());
    }

    public static boolean isWellFormed(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
