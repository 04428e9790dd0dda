package io.confab.core.sfu.ice;

import io.confab.core.stun.IntegrityCheck;
import io.confab.core.stun.IntegrityKey;
import io.confab.core.stun.MessageIntegrity;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IceLiteAgentTest {

    private static final InetSocketAddress BROWSER = new InetSocketAddress("192.0.2.7", 50123);

    record Transport(IceCredentials local, String remoteUfrag) implements IceTransportKey {
    }

    private final IceLiteAgent agent = new IceLiteAgent();
    private final Transport transport = new Transport(IceCredentials.random(), "brws");

    IceLiteAgentTest() {
        agent.register(transport);
    }

    private byte[] check(String username, String password, boolean useCandidate, boolean controlled) {
        StunMessageBuilder builder = new StunMessageBuilder(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random())
                .username(username)
                .priority(1845501695L);
        if (controlled) {
            builder.iceControlled(42);
        } else {
            builder.iceControlling(42);
        }
        if (useCandidate) {
            builder.useCandidate();
        }
        return builder.messageIntegrity(IntegrityKey.shortTerm(password)).fingerprint().encode();
    }

    @Test
    void answersAValidCheckWithTheMappedAddressSignedByTheLocalPassword() {
        byte[] request = check(transport.local().ufrag() + ":brws", transport.local().password(), true, false);
        IceCheck.Accepted accepted = assertInstanceOf(IceCheck.Accepted.class,
                agent.check(request, 0, request.length, BROWSER));
        assertSame(transport, accepted.transport());
        assertTrue(accepted.nominated());
        StunMessage response = (StunMessage) StunDecoder.decode(accepted.response());
        assertTrue(response.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING));
        assertEquals(BROWSER, response.xorMappedAddress().orElseThrow());
        assertEquals(IntegrityCheck.VALID,
                MessageIntegrity.verifySha1(response, IntegrityKey.shortTerm(transport.local().password())));
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifyFingerprint(response));
        StunMessage parsedRequest = (StunMessage) StunDecoder.decode(request);
        assertArrayEquals(parsedRequest.transactionId().bytes(), response.transactionId().bytes());
    }

    @Test
    void aCheckWithoutUseCandidateIsNotANomination() {
        byte[] request = check(transport.local().ufrag() + ":brws", transport.local().password(), false, false);
        IceCheck.Accepted accepted = (IceCheck.Accepted) agent.check(request, 0, request.length, BROWSER);
        assertFalse(accepted.nominated());
    }

    @Test
    void aWrongPasswordIsRefusedWith401() {
        byte[] request = check(transport.local().ufrag() + ":brws", "not-the-password-at-all-xx", true, false);
        IceCheck.Refused refused = assertInstanceOf(IceCheck.Refused.class, agent.check(request, 0, request.length, BROWSER));
        assertEquals(IceDrop.BAD_INTEGRITY, refused.reason());
        StunMessage response = (StunMessage) StunDecoder.decode(refused.response());
        assertEquals(401, response.errorCode().orElseThrow().code());
    }

    @Test
    void anUnknownUfragIsRefused() {
        byte[] request = check("nobodyhere:brws", transport.local().password(), true, false);
        assertEquals(IceDrop.UNKNOWN_UFRAG,
                assertInstanceOf(IceCheck.Refused.class, agent.check(request, 0, request.length, BROWSER)).reason());
    }

    @Test
    void aStaleRemoteUfragIsRefused() {
        byte[] request = check(transport.local().ufrag() + ":other", transport.local().password(), true, false);
        assertEquals(IceDrop.WRONG_REMOTE_UFRAG,
                assertInstanceOf(IceCheck.Refused.class, agent.check(request, 0, request.length, BROWSER)).reason());
    }

    @Test
    void aControlledPeerGetsRoleConflict() {
        byte[] request = check(transport.local().ufrag() + ":brws", transport.local().password(), true, true);
        IceCheck.Refused refused = assertInstanceOf(IceCheck.Refused.class, agent.check(request, 0, request.length, BROWSER));
        assertEquals(IceDrop.ROLE_CONFLICT, refused.reason());
        assertEquals(487, ((StunMessage) StunDecoder.decode(refused.response())).errorCode().orElseThrow().code());
    }

    @Test
    void truncatedAndCorruptedChecksAreDroppedNeverThrown() {
        byte[] request = check(transport.local().ufrag() + ":brws", transport.local().password(), true, false);
        for (int length = 0; length < request.length; length++) {
            IceCheck result = agent.check(request, 0, length, BROWSER);
            assertFalse(result instanceof IceCheck.Accepted, "accepted a check cut to " + length + " bytes");
        }
        byte[] corrupted = request.clone();
        corrupted[corrupted.length - 1] ^= 0x55;
        assertEquals(IceDrop.BAD_FINGERPRINT,
                assertInstanceOf(IceCheck.Dropped.class, agent.check(corrupted, 0, corrupted.length, BROWSER)).reason());
    }

    @Test
    void unregisteredTransportsAreForgotten() {
        agent.unregister(transport);
        byte[] request = check(transport.local().ufrag() + ":brws", transport.local().password(), true, false);
        assertInstanceOf(IceCheck.Refused.class, agent.check(request, 0, request.length, BROWSER));
        assertEquals(0, agent.transports());
    }
}
