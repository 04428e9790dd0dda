package io.confab.core.turn;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relay ports held for a later Allocate by RESERVATION-TOKEN: the odd half of the pair an
 * EVEN-PORT request with the R bit took (RFC 8656 §7.2, §14.9). A token is single use and
 * unguessable, since whoever presents it gets the port. The port stays out of {@link RelayPorts}
 * while held and goes back when the hold runs out unclaimed.
 *
 * <p>Shared by every event loop's {@link TurnServer}: the Allocate that claims a token may arrive
 * on another loop than the one that issued it (uclient's RTCP socket has a port of its own). Each
 * token is removed exactly once, by the claim or by the sweep, so its port is released once.
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
    private final Map<Long, Held> byToken = new ConcurrentHashMap<>();

    PortReservations(RelayPorts ports) {
        this.ports = ports;
    }

    /** Holds {@code port} (already taken from the pool) and returns the token that claims it. */
    byte[] hold(int port, Instant now) {
        Held held = new Held(port, now.plus(HOLD));
        long token;
        do {
            token = random.nextLong();
        } while (byToken.putIfAbsent(token, held) != null);
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
        for (Map.Entry<Long, Held> entry : byToken.entrySet()) {
            Held held = entry.getValue();
            if (!now.isBefore(held.until()) && byToken.remove(entry.getKey(), held)) {
                ports.release(held.port());
            }
        }
    }

    int held() {
        return byToken.size();
    }
}
