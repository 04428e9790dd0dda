package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code a=ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576 §4.1), for example
 * {@code a=ssrc:3233846890 cname:hX4k} or {@code a=ssrc:3233846890 msid:stream track}.
 */
public record SsrcAttribute(long ssrc, String attribute, Optional<String> value) {

    public SsrcAttribute {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc must be an unsigned 32-bit value: " + ssrc);
        }
    }

    public String toSdpValue() {
        return ssrc + " " + attribute + value.map(v -> ":" + v).orElse("");
    }

    static Optional<SsrcAttribute> parse(String text) {
        String[] headAndRest = Tokens.headAndRest(text);
        OptionalLong ssrc = Tokens.ssrc(headAndRest[0]);
        if (ssrc.isEmpty() || headAndRest[1].isEmpty()) {
            return Optional.empty();
        }
        int colon = headAndRest[1].indexOf(':');
        if (colon == 0) {
            return Optional.empty();
        }
        return Optional.of(colon < 0
                ? new SsrcAttribute(ssrc.getAsLong(), headAndRest[1], Optional.empty())
                : new SsrcAttribute(ssrc.getAsLong(), headAndRest[1].substring(0, colon),
                        Optional.of(headAndRest[1].substring(colon + 1))));
    }
}
