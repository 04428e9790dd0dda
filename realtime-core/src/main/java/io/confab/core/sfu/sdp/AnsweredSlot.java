package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How the browser answered one subscribe m-section: recvonly (it takes the track) or inactive, and
 * the bandwidth it asked for, b=AS in kbit/s (RFC 8866 §5.8) and b=TIAS in bit/s (RFC 3890), when given.
 */
public record AnsweredSlot(String mid, Direction direction, OptionalLong bandwidthAs, OptionalLong bandwidthTias) {

    public AnsweredSlot {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(bandwidthAs, "bandwidthAs");
        Objects.requireNonNull(bandwidthTias, "bandwidthTias");
    }

    public boolean receives() {
        return direction == Direction.RECVONLY;
    }
}
