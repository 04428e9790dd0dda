package io.confab.core.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the builder writes, the decoder reads back the same, for every attribute Confab speaks. */
class StunMessageBuilderTest {

    private static StunMessage roundTrip(StunMessageBuilder builder) {
        byte[] bytes = builder.encode();
        assertEquals(0, bytes.length % 4, "messages are a multiple of 4 bytes");
        return assertInstanceOf(StunMessage.class, StunDecoder.decode(bytes));
    }

    private static InetSocketAddress address(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void everyMethodAndClassSurvivesTheTypeBitInterleaving() {
        for (StunMethod method : StunMethod.values()) {
            for (StunClass stunClass : StunClass.values()) {
                StunMessage message = roundTrip(new StunMessageBuilder(stunClass, method, TransactionId.random()));
                assertEquals(method, message.method());
                assertEquals(stunClass, message.stunClass());
            }
        }
        assertEquals(0x0113, StunMethod.ALLOCATE.messageType(StunClass.ERROR_RESPONSE));
        assertEquals(0x0016, StunMethod.SEND.messageType(StunClass.INDICATION));
        assertEquals(0x0101, StunMethod.BINDING.messageType(StunClass.SUCCESS_RESPONSE));
    }

    @Test
    void turnAttributesRoundTrip() throws Exception {
        InetSocketAddress peer = address("203.0.113.7", 50000);
        InetSocketAddress relay = address("2001:db8::1", 49152);
        StunMessage message = roundTrip(new StunMessageBuilder(StunClass.REQUEST, StunMethod.ALLOCATE, TransactionId.random())
                .requestedTransport(17).lifetime(Duration.ofSeconds(1200)).channelNumber(0x4001)
                .xorPeerAddress(peer).xorPeerAddress(address("198.51.100.1", 1)).xorRelayedAddress(relay)
                .requestedAddressFamily(0x02).evenPort(true).dontFragment()
                .reservationToken(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).data(new byte[] {9, 8, 7}));

        assertEquals(OptionalInt.of(17), message.requestedTransport());
        assertEquals(Optional.of(Duration.ofSeconds(1200)), message.lifetime());
        assertEquals(OptionalInt.of(0x4001), message.channelNumber());
        assertEquals(List.of(peer, address("198.51.100.1", 1)), message.xorPeerAddresses());
        assertEquals(relay, message.xorRelayedAddress().orElseThrow());
        assertEquals(OptionalInt.of(2), message.requestedAddressFamily());
        assertEquals(Optional.of(true), message.evenPortReserveNext());
        assertTrue(message.dontFragment());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, message.reservationToken().orElseThrow());
        assertArrayEquals(new byte[] {9, 8, 7}, message.data().orElseThrow());
    }

    @Test
    void stunAndIceAttributesRoundTrip() throws Exception {
        StunMessage message = roundTrip(new StunMessageBuilder(StunClass.ERROR_RESPONSE, StunMethod.BINDING, TransactionId.random())
                .errorCode(StunErrorCode.UNKNOWN_ATTRIBUTE).unknownAttributes(List.of(0x7F01, 0x0031, 0x0032))
                .realm("confab").nonce("abc").software("Confab").mappedAddress(address("192.0.2.9", 7))
                .alternateServer(address("192.0.2.10", 3478))
                .passwordAlgorithms(List.of(PasswordAlgorithm.SHA_256, PasswordAlgorithm.MD5))
                .priority(0xFFFFFFFFL).useCandidate().iceControlling(-2L));

        assertEquals(StunErrorCode.UNKNOWN_ATTRIBUTE, message.errorCode().orElseThrow());
        assertEquals(List.of(0x7F01, 0x0031, 0x0032), message.unknownAttributes().orElseThrow());
        assertEquals("confab", message.realm().orElseThrow());
        assertEquals("abc", message.nonce().orElseThrow());
        assertEquals(address("192.0.2.9", 7), message.mappedAddress().orElseThrow());
        assertEquals(address("192.0.2.10", 3478), message.alternateServer().orElseThrow());
        assertEquals(List.of(PasswordAlgorithm.SHA_256, PasswordAlgorithm.MD5), message.passwordAlgorithms().orElseThrow());
        assertEquals(OptionalLong.of(0xFFFFFFFFL), message.priority());
        assertTrue(message.useCandidate());
        assertEquals(OptionalLong.of(-2L), message.iceControlling());
    }

    @Test
    void integrityOfBothKindsAndFingerprintVerify() {
        IntegrityKey sha1 = IntegrityKey.longTerm("alice", "confab", "pw");
        IntegrityKey sha256 = IntegrityKey.longTerm("alice", "confab", "pw", PasswordAlgorithm.SHA_256);
        StunMessage message = roundTrip(new StunMessageBuilder(StunClass.REQUEST, StunMethod.REFRESH, TransactionId.random())
                .username("alice").messageIntegrity(sha1).messageIntegritySha256(sha256).fingerprint());

        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifySha1(message, sha1));
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifySha256(message, sha256));
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifyFingerprint(message));
        assertEquals(IntegrityCheck.INVALID, MessageIntegrity.verifySha256(message, sha1));
    }

    @Test
    void unknownComprehensionRequiredAttributesAreReportedButOptionalOnesAreNot() {
        StunMessage message = roundTrip(new StunMessageBuilder(StunClass.REQUEST, StunMethod.ALLOCATE, TransactionId.random())
                .add(0x7F01, new byte[] {1}).add(0xC001, new byte[] {2}).add(0x7F01, new byte[0]));
        assertEquals(List.of(0x7F01), message.unknownComprehensionRequired());
    }

    @Test
    void credentialsThatCannotBePreparedAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> IntegrityKey.shortTerm(""));
        assertThrows(IllegalArgumentException.class, () -> IntegrityKey.longTerm("u", "realm", "pass\u0007word"));
        assertEquals("a b", OpaqueString.prepare("a\u00A0b").orElseThrow());
        assertEquals("\u00E9", OpaqueString.prepare("e\u0301").orElseThrow());
    }

    @Test
    void errorCodesOutsideTheStunRangeAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> new StunErrorCode(200, "OK"));
        assertEquals(Optional.of(new StunErrorCode(438, "Stale Nonce")), StunErrorCode.decode(StunErrorCode.STALE_NONCE.encode()));
    }
}
