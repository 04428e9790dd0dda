package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code a=rtpmap:<pt> <name>/<clock rate>[/<channels>]} (RFC 8866 §6.6). Channels is empty when
 * the line leaves it out; for audio that means one (RFC 8866 §6.6).
 */
public record RtpMap(int payloadType, String encodingName, int clockRate, OptionalInt channels) {

    public RtpMap {
        Objects.requireNonNull(encodingName, "encodingName");
        Objects.requireNonNull(channels, "channels");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0-127: " + payloadType);
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
    }

    /** Case-insensitive, as MIME subtype names are (RFC 4855 §3). */
    public boolean isNamed(String name) {
        return encodingName.equalsIgnoreCase(name);
    }

    public String toSdpValue() {
        return payloadType + " " + encodingName + "/" + clockRate
                + (channels.isPresent() ? "/" + channels.getAsInt() : "");
    }

    static Optional<RtpMap> parse(String value) {
        String[] headAndRest = Tokens.headAndRest(value);
        OptionalInt payloadType = Tokens.payloadType(headAndRest[0]);
        String[] encoding = headAndRest[1].split("/", -1);
        if (payloadType.isEmpty() || encoding.length < 2 || encoding.length > 3 || encoding[0].isEmpty()
                || encoding[0].contains(" ")) {
            return Optional.empty();
        }
        OptionalInt clockRate = Tokens.decimalInRange(encoding[1], 1, Integer.MAX_VALUE);
        OptionalInt channels = encoding.length == 3 ? Tokens.decimalInRange(encoding[2], 1, 255) : OptionalInt.empty();
        if (clockRate.isEmpty() || (encoding.length == 3 && channels.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new RtpMap(payloadType.getAsInt(), encoding[0], clockRate.getAsInt(), channels));
    }
}
