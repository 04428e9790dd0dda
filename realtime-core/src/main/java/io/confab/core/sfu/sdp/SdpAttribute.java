package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * An {@code a=} line as written (RFC 8866 §5.13): name, value when there is a colon, and the line
 * number it came from. Every attribute is kept this way, including ones the parser does not know.
 */
public record SdpAttribute(String name, Optional<String> value, int line) {

    public SdpAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    static SdpAttribute parse(String text, int line) {
        int colon = text.indexOf(':');
        return colon < 0 ? new SdpAttribute(text.strip(), Optional.empty(), line)
                : new SdpAttribute(text.substring(0, colon).strip(), Optional.of(text.substring(colon + 1)), line);
    }
}
