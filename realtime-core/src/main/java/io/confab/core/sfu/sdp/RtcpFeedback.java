package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code a=rtcp-fb:<pt|*> <type> [<parameter>]} (RFC 4585 §4.2). The type and parameter are kept
 * together as {@code value}, single-spaced, since that pair is what an SFU decides on:
 * {@code nack}, {@code nack pli}, {@code ccm fir}, {@code goog-remb}, {@code transport-cc}.
 */
public record RtcpFeedback(int payloadType, String value) {
    /** Stands for {@code *}: the feedback applies to every payload type of the m-section. */
    public static final int ANY_PAYLOAD_TYPE = -1;

    public RtcpFeedback {
        Objects.requireNonNull(value, "value");
        if (payloadType < ANY_PAYLOAD_TYPE || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0-127 or ANY_PAYLOAD_TYPE: " + payloadType);
        }
        value = String.join(" ", Tokens.fields(value));
        if (value.isEmpty()) {
            throw new IllegalArgumentException("feedback type must not be blank");
        }
    }

    public boolean appliesTo(int pt) {
        return payloadType == ANY_PAYLOAD_TYPE || payloadType == pt;
    }

    public String toSdpValue() {
        return (payloadType == ANY_PAYLOAD_TYPE ? "*" : Integer.toString(payloadType)) + " " + value;
    }

    static Optional<RtcpFeedback> parse(String text) {
        String[] headAndRest = Tokens.headAndRest(text);
        if (headAndRest[1].isEmpty()) {
            return Optional.empty();
        }
        if (headAndRest[0].equals("*")) {
            return Optional.of(new RtcpFeedback(ANY_PAYLOAD_TYPE, headAndRest[1]));
        }
        OptionalInt payloadType = Tokens.payloadType(headAndRest[0]);
        return payloadType.isEmpty() ? Optional.empty()
                : Optional.of(new RtcpFeedback(payloadType.getAsInt(), headAndRest[1]));
    }
}
