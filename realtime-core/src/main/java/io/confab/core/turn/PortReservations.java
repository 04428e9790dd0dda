package io.confab.core.turn;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Relay ports held for a later Allocate by RESERVATION-TOKEN: the odd half of the pair an
 * EVEN-PORT request with the R bit took (RFC 8656 §7.2, §14.9). A token is single use and
 * unguessable, since whoever presents it gets the port. The port stays out of {@link RelayPorts}
 * while held and goes back when the hold runs out unclaimed.
 */
final class PortReservations {
    /** RFC 8656 §7.2: the server holds a reservation "for approximately 30 seconds". */
    static final Duration HOLD = Duration.ofSeconds(30);
    /** RESERVATION-TOKEN is 8 bytes (RFC 8656 §14.9). */
    static final int TOKEN_LENGTH = 8;

    private record Held(int port, Instant until) {
    }

    private final RelayPorts ports;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Held> byToken = new HashMap<>();

    PortReservations(RelayPorts ports) {
        this.ports = ports;
    }

    /** Holds {@code port} (already taken from the pool) and returns the token that claims it. */
    byte[] hold(int port, Instant now) {
        long token;
        do {
            token = random.nextLong();
        } while (byToken.containsKey(token));
        byToken.put(token, new Held(port, now.plus(HOLD)));
        return ByteBuffer.allocate(TOKEN_LENGTH).putLong(token).array();
    }

    /**
     * The held port for this token, which is used up; empty for a token never issued, already
     * claimed, of the wrong length or past its hold (that port then goes back to the pool).
     */
    OptionalInt claim(byte[] token, Instant now) {
        if (token.length != TOKEN_LENGTH) {
            return OptionalInt.empty();
        }
        Held held = byToken.remove(ByteBuffer.wrap(token).getLong());
        if (held == null) {
            return OptionalInt.empty();
        }
        if (!now.isBefore(held.until())) {
            ports.release(held.port());
            return OptionalInt.empty();
        }
        return OptionalInt.of(held.port());
    }

    /** Gives the ports of lapsed reservations back to the pool. */
    void sweep(Instant now) {
        byToken.values().removeIf(held -> {
            boolean lapsed = !now.isBefore(held.until());
            if (lapsed) {
                ports.release(held.port());
            }
            return lapsed;
        });
    }

    int held() {
        return byToken.size();
    }
}
