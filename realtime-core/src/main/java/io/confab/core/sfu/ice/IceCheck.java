package io.confab.core.sfu.ice;

import java.util.Objects;

/** What the ICE-lite agent made of one inbound STUN datagram. */
public sealed interface IceCheck {

    /**
     * A valid connectivity check for {@code transport}: send {@code response} back to the sender.
     * {@code nominated} is the controlling agent's USE-CANDIDATE (RFC 8445 §7.3.1.5): the pair to use.
     */
    record Accepted(IceTransportKey transport, boolean nominated, byte[] response) implements IceCheck {
        public Accepted {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(response, "response");
        }
    }

    /** Refused with an error response the sender should see (RFC 8445 §7.3.1.1: 400 or 401). */
    record Refused(IceDrop reason, byte[] response) implements IceCheck {
    }

    /** Dropped silently: not worth an answer (not a request, or bytes that are not STUN). */
    record Dropped(IceDrop reason) implements IceCheck {
    }
}
