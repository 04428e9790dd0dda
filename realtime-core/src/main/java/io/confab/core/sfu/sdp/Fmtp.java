package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code a=fmtp:<pt> <parameters>} (RFC 8866 §6.15). The parameters stay as written; most codecs
 * use {@code key=value;key=value}, which {@link #parameter} reads.
 */
public record Fmtp(int payloadType, String parameters) {

    public Fmtp {
        Objects.requireNonNull(parameters, "parameters");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0-127: " + payloadType);
        }
    }

    /** A {@code key=value} parameter, the key compared case-insensitively (RFC 4855 §3). */
    public Optional<String> parameter(String key) {
        for (String pair : parameters.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equalsIgnoreCase(key)) {
                return Optional.of(pair.substring(equals + 1).strip());
            }
        }
        return Optional.empty();
    }

    /** The payload type an RTX format repairs (RFC 4588 §8.6), when this is one. */
    public OptionalInt associatedPayloadType() {
        return parameter("apt").map(Tokens::payloadType).orElse(OptionalInt.empty());
    }

    public String toSdpValue() {
        return payloadType + " " + parameters;
    }

    static Optional<Fmtp> parse(String value) {
        String[] headAndRest = Tokens.headAndRest(value);
        OptionalInt payloadType = Tokens.payloadType(headAndRest[0]);
        return payloadType.isEmpty() ? Optional.empty() : Optional.of(new Fmtp(payloadType.getAsInt(), headAndRest[1]));
    }
}
