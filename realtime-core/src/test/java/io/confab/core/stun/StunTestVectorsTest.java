package io.confab.core.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RFC 5769 and RFC 8489 Appendix B.1, read, verified and, where the padding allows, written again. */
class StunTestVectorsTest {

    static StunMessage parse(byte[] bytes) {
        StunParseResult result = StunDecoder.decode(bytes);
        return assertInstanceOf(StunMessage.class, result, () -> "expected a message, got " + result);
    }

    @Test
    void sampleRequestReadsAndVerifiesWithTheShortTermPassword() {
        StunMessage request = parse(Rfc5769.SAMPLE_REQUEST);

        assertEquals(StunClass.REQUEST, request.stunClass());
        assertEquals(StunMethod.BINDING, request.method());
        assertEquals(Rfc5769.SAMPLE_TRANSACTION, request.transactionId());
        assertEquals("STUN test client", request.software().orElseThrow());
        assertEquals("evtj:h6vY", request.username().orElseThrow());
        assertEquals(OptionalLong.of(0x6e0001ffL), request.priority());
        assertEquals(OptionalLong.of(0x932ff9b151263b36L), request.iceControlled());
        assertEquals(OptionalLong.empty(), request.iceControlling());
        assertEquals(List.of(), request.unknownComprehensionRequired());
        assertEquals(IntegrityCheck.VALID,
                MessageIntegrity.verifySha1(request, IntegrityKey.shortTerm(Rfc5769.SHORT_TERM_PASSWORD)));
        assertEquals(IntegrityCheck.INVALID, MessageIntegrity.verifySha1(request, IntegrityKey.shortTerm("wrong")));
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifyFingerprint(request));
        assertEquals(IntegrityCheck.ABSENT,
                MessageIntegrity.verifySha256(request, IntegrityKey.shortTerm(Rfc5769.SHORT_TERM_PASSWORD)));
    }

    @Test
    void sampleRequestWrittenAgainWithZeroPaddingStillVerifies() {
        StunMessage original = parse(Rfc5769.SAMPLE_REQUEST);
        IntegrityKey key = IntegrityKey.shortTerm(Rfc5769.SHORT_TERM_PASSWORD);
        byte[] again = new StunMessageBuilder(StunClass.REQUEST, StunMethod.BINDING, original.transactionId())
                .software("STUN test client").priority(0x6e0001ffL).iceControlled(0x932ff9b151263b36L)
                .username("evtj:h6vY").messageIntegrity(key).fingerprint().encode();

        assertEquals(Rfc5769.SAMPLE_REQUEST.length, again.length);
        // Only USERNAME's three padding bytes differ (0x20 there, zeros here), and the checks over them.
        assertArrayEquals(java.util.Arrays.copyOf(Rfc5769.SAMPLE_REQUEST, 73), java.util.Arrays.copyOf(again, 73));
        StunMessage reread = parse(again);
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifySha1(reread, key));
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifyFingerprint(reread));
    }

    @Test
    void sampleIpv4ResponseCarriesTheMappedAddress() throws Exception {
        StunMessage response = parse(Rfc5769.SAMPLE_IPV4_RESPONSE);
        InetSocketAddress expected = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);

        assertEquals(StunClass.SUCCESS_RESPONSE, response.stunClass());
        assertEquals("test vector", response.software().orElseThrow());
        assertEquals(expected, response.xorMappedAddress().orElseThrow());
        assertArrayEquals(Rfc5769.hex("00 01 a1 47 e1 12 a6 43"), StunAddress.encodeXor(expected, response.transactionId()));
        assertEquals(IntegrityCheck.VALID,
                MessageIntegrity.verifySha1(response, IntegrityKey.shortTerm(Rfc5769.SHORT_TERM_PASSWORD)));
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifyFingerprint(response));
    }

    @Test
    void sampleIpv6ResponseCarriesTheMappedAddress() throws Exception {
        StunMessage response = parse(Rfc5769.SAMPLE_IPV6_RESPONSE);
        InetSocketAddress expected = new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);

        assertEquals(expected, response.xorMappedAddress().orElseThrow());
        assertArrayEquals(Rfc5769.hex("00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9"),
                StunAddress.encodeXor(expected, response.transactionId()));
        assertEquals(IntegrityCheck.VALID,
                MessageIntegrity.verifySha1(response, IntegrityKey.shortTerm(Rfc5769.SHORT_TERM_PASSWORD)));
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifyFingerprint(response));
    }

    @Test
    void longTermRequestVerifiesWithTheMd5KeyAndIsWrittenAgainByteForByte() {
        StunMessage request = parse(Rfc5769.LONG_TERM_REQUEST);
        IntegrityKey key = IntegrityKey.longTerm(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM, Rfc5769.LONG_TERM_PASSWORD);

        assertEquals(Rfc5769.LONG_TERM_USERNAME, request.username().orElseThrow());
        assertEquals("f//499k954d6OL34oL9FSTvy64sA", request.nonce().orElseThrow());
        assertEquals(Rfc5769.REALM, request.realm().orElseThrow());
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifySha1(request, key));
        assertEquals(IntegrityCheck.INVALID, MessageIntegrity.verifySha1(request,
                IntegrityKey.longTerm(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM, "thematrix")));
        assertEquals(IntegrityCheck.ABSENT, MessageIntegrity.verifyFingerprint(request));

        byte[] again = new StunMessageBuilder(StunClass.REQUEST, StunMethod.BINDING, request.transactionId())
                .username(Rfc5769.LONG_TERM_USERNAME).nonce("f//499k954d6OL34oL9FSTvy64sA").realm(Rfc5769.REALM)
                .messageIntegrity(key).encode();
        assertArrayEquals(Rfc5769.LONG_TERM_REQUEST, again);
    }

    @Test
    void sha256RequestWithUserhashVerifiesAndIsWrittenAgainByteForByte() {
        StunMessage request = parse(Rfc5769.SHA256_USERHASH_REQUEST);
        IntegrityKey key = IntegrityKey.longTerm(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM,
                Rfc5769.LONG_TERM_PASSWORD, PasswordAlgorithm.SHA_256);

        assertArrayEquals(Userhash.of(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM), request.userhash().orElseThrow());
        assertEquals(PasswordAlgorithm.SHA_256, request.passwordAlgorithm().orElseThrow());
        assertEquals("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA", request.nonce().orElseThrow());
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifySha256(request, key));
        assertEquals(IntegrityCheck.INVALID, MessageIntegrity.verifySha256(request,
                IntegrityKey.longTerm(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM, Rfc5769.LONG_TERM_PASSWORD)));
        assertEquals(IntegrityCheck.ABSENT, MessageIntegrity.verifySha1(request, key));

        byte[] again = new StunMessageBuilder(StunClass.REQUEST, StunMethod.BINDING, request.transactionId())
                .userhash(Userhash.of(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM))
                .nonce("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA").realm(Rfc5769.REALM)
                .passwordAlgorithm(PasswordAlgorithm.SHA_256).messageIntegritySha256(key).encode();
        assertArrayEquals(Rfc5769.SHA256_USERHASH_REQUEST, again);
    }

    @Test
    void opaqueStringKeepsCompatibilityCharactersThatSaslprepFolded() {
        // RFC 5769 §2.4 was written for SASLprep (NFKC); RFC 8489's OpaqueString uses NFC.
        assertEquals("TheMªtrⅨ", OpaqueString.prepare("TheMªtrⅨ").orElseThrow());
        assertTrue(!IntegrityKey.longTerm(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM, "TheMªtrⅨ")
                .equals(IntegrityKey.longTerm(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM, Rfc5769.LONG_TERM_PASSWORD)));
    }
}
