package io.confab.core.sfu.ice;

import io.confab.core.stun.StunErrorCode;
import io.confab.core.stun.IntegrityCheck;
import io.confab.core.stun.IntegrityKey;
import io.confab.core.stun.MessageIntegrity;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.StunParseResult;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The SFU's side of ICE as a lite implementation (RFC 8445 §2.5): it never sends checks, it only
 * answers the browser's, so the browser (always controlling against a lite agent) picks the pair.
 * Transports are found by the local ufrag, the first half of USERNAME, which is how one UDP port
 * serves every participant. Consent freshness (RFC 7675) is the caller's: every accepted check
 * renews consent for its address.
 *
 * <p>Not thread-safe: one media thread owns it.
 */
public final class IceLiteAgent {

    private final Map<String, IceTransportKey> byUfrag = new HashMap<>();

    public void register(IceTransportKey transport) {
        byUfrag.put(transport.local().ufrag(), transport);
    }

    public void unregister(IceTransportKey transport) {
        byUfrag.remove(transport.local().ufrag(), transport);
    }

    public int transports() {
        return byUfrag.size();
    }

    /** Handles one STUN datagram from {@code from}. Never throws on bad input. */
    public IceCheck check(byte[] datagram, int offset, int length, InetSocketAddress from) {
        StunParseResult parsed = StunDecoder.decode(datagram, offset, length);
        if (!(parsed instanceof StunMessage message)) {
            return new IceCheck.Dropped(IceDrop.MALFORMED);
        }
        if (!message.is(StunClass.REQUEST, StunMethod.BINDING)) {
            // Indications are keepalives (RFC 8445 §11); responses cannot be ours, a lite agent asks nothing.
            return new IceCheck.Dropped(IceDrop.NOT_A_BINDING_REQUEST);
        }
        if (MessageIntegrity.verifyFingerprint(message) == IntegrityCheck.INVALID) {
            return new IceCheck.Dropped(IceDrop.BAD_FINGERPRINT);
        }
        String username = message.username().orElse(null);
        if (username == null) {
            return refuse(message, IceDrop.NO_USERNAME, StunErrorCode.BAD_REQUEST, null);
        }
        int colon = username.indexOf(':');
        String localUfrag = colon < 0 ? username : username.substring(0, colon);
        IceTransportKey transport = byUfrag.get(localUfrag);
        if (transport == null) {
            return refuse(message, IceDrop.UNKNOWN_UFRAG, StunErrorCode.UNAUTHENTICATED, null);
        }
        IntegrityKey key = IntegrityKey.shortTerm(transport.local().password());
        IntegrityCheck integrity = MessageIntegrity.verifySha1(message, key);
        if (integrity == IntegrityCheck.ABSENT) {
            return refuse(message, IceDrop.NO_INTEGRITY, StunErrorCode.BAD_REQUEST, null);
        }
        if (integrity == IntegrityCheck.INVALID) {
            return refuse(message, IceDrop.BAD_INTEGRITY, StunErrorCode.UNAUTHENTICATED, null);
        }
        String remoteUfrag = colon < 0 ? "" : username.substring(colon + 1);
        if (transport.remoteUfrag() != null && !transport.remoteUfrag().equals(remoteUfrag)) {
            // An ICE restart on the browser side, or a stale check: either way not this session's peer.
            return refuse(message, IceDrop.WRONG_REMOTE_UFRAG, StunErrorCode.UNAUTHENTICATED, key);
        }
        if (message.iceControlled().isPresent()) {
            // A lite agent is always controlled (RFC 8445 §6.1.3.1); two controlled agents cannot nominate.
            return refuse(message, IceDrop.ROLE_CONFLICT, new StunErrorCode(487, "Role Conflict"), key);
        }
        byte[] response = StunMessageBuilder.answering(message, StunClass.SUCCESS_RESPONSE)
                .xorMappedAddress(from)
                .messageIntegrity(key)
                .fingerprint()
                .encode();
        return new IceCheck.Accepted(transport, message.useCandidate(), response);
    }

    private static IceCheck refuse(StunMessage request, IceDrop reason, StunErrorCode code, IntegrityKey key) {
        StunMessageBuilder builder = StunMessageBuilder.answering(request, StunClass.ERROR_RESPONSE).errorCode(code);
        if (key != null) {
            builder.messageIntegrity(key);
        }
        return new IceCheck.Refused(reason, builder.fingerprint().encode());
    }
}
