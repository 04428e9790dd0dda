package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The o= line (RFC 8866 §5.2). A connection keeps its session id for its whole life and raises the
 * version with every new description (RFC 3264 §8), which is how a peer tells a renegotiation from
 * a repeat.
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType,
                     String addressType, String address) {

    public Origin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(netType, "netType");
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
        if (sessionVersion < 0) {
            throw new IllegalArgumentException("session version must not be negative: " + sessionVersion);
        }
    }

    public String toSdpValue() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addressType + " " + address;
    }

    /** Empty unless there are six fields, the session id is digits and the version a decimal that fits a long. */
    static Optional<Origin> parse(String value) {
        var fields = Tokens.fields(value);
        if (fields.size() != 6 || !Tokens.isDigits(fields.get(1))) {
            return Optional.empty();
        }
        OptionalLong version = Tokens.decimal(fields.get(2));
        if (version.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Origin(fields.get(0), fields.get(1), version.getAsLong(),
                fields.get(3), fields.get(4), fields.get(5)));
    }
}
