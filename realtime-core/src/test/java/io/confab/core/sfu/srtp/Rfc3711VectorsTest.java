package io.confab.core.sfu.srtp;

import static io.confab.core.sfu.srtp.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 3711 Appendix B vectors, and libsrtp's known-answer packets for the same master key, which
 * run the derivation, the counter mode and the HMAC tag together.
 */
class Rfc3711VectorsTest {
    /** RFC 3711 Appendix B.3. */
    static final SrtpKeys B3_MASTER = new SrtpKeys(
            hex("E1F97A0D3E018BE0D64FA32C06DE4139"), hex("0EC675AD498AFEEBB6960B3AABE6"));

    @Test
    void keyDerivationGivesTheCipherKeySaltAndAuthKeyOfAppendixB3() {
        assertArrayEquals(hex("C61E7A93744F39EE10734AFE3FF7A087"),
                SrtpKeyDerivation.derive(B3_MASTER, SrtpKeyDerivation.Label.RTP_ENCRYPTION, 16));
        assertArrayEquals(hex("30CBBC08863D8C85D49DB34A9AE1"),
                SrtpKeyDerivation.derive(B3_MASTER, SrtpKeyDerivation.Label.RTP_SALT, 14));
        // B.3 prints 94 bytes of auth key so that the PRF's block counter is exercised.
        assertArrayEquals(hex("""
                CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE
                E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25
                6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"""),
                SrtpKeyDerivation.derive(B3_MASTER, SrtpKeyDerivation.Label.RTP_AUTHENTICATION, 94));
    }

    @Test
    void sessionKeysTakeTheFirst160BitsOfTheAuthKey() {
        SrtpKeyDerivation.SessionKeys keys = SrtpKeyDerivation.sessionKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER);

        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4", hex(keys.rtpAuthKey(), 0, 20));
        assertEquals(20, keys.rtpAuthKey().length);
        assertEquals("c61e7a93744f39ee10734afe3ff7a087", hex(keys.rtpKey(), 0, 16));
    }

    @Test
    void twelveByteGcmSaltDerivesAsIfPaddedWithTwoZeroBytesOnTheRight() {
        byte[] key = hex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = hex("a0a1a2a3a4a5a6a7a8a9aaab");
        SrtpKeys twelve = new SrtpKeys(key, salt);
        SrtpKeys fourteen = new SrtpKeys(key, Arrays.copyOf(salt, 14));

        for (SrtpKeyDerivation.Label label : SrtpKeyDerivation.Label.values()) {
            assertArrayEquals(SrtpKeyDerivation.derive(fourteen, label, 16),
                    SrtpKeyDerivation.derive(twelve, label, 16), label.name());
        }
    }

    /**
     * RFC 3711 Appendix B.2: session key and (already shifted) salt given directly, SSRC, ROC and
     * SEQ all zero, so a zero payload encrypts to the keystream. The segment is 65282 blocks; the
     * RFC prints the first three and the last three.
     */
    @Test
    void counterModeKeystreamMatchesAppendixB2() {
        byte[] sessionKey = hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] sessionSalt = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        AesCmTransform transform = new AesCmTransform(new SrtpKeyDerivation.SessionKeys(
                sessionKey, new byte[20], sessionSalt, sessionKey, new byte[20], sessionSalt), 10);
        int segment = 65282 * 16;
        byte[] packet = Packets.rtp(0, 0, new byte[segment]);

        transform.protectRtp(packet, 0, 12 + segment, 12, 0, 0);

        assertEquals("e03ead0935c95e80e166b16dd92b4eb4" + "d23513162b02d0f72a43a2fe4a5f97ab"
                + "41e95b3bb0a2e8dd477901e4fca894c0", hex(packet, 12, 48));
        assertEquals("ec8cdf7398607cb0f2d21675ea9ea1e4" + "362b7c3c6773516318a077d7fc5073ae"
                + "6a2cc3787889374fbeb4c81b17ba6c44", hex(packet, 12 + segment - 48, 48));
    }

    /** libsrtp test/srtp_driver.c (srtp_validate): SSRC 0xcafebabe, SEQ 0x1234, the B.3 master key. */
    @Test
    void protectsLibsrtpsKnownRtpPacketToTheByte() {
        byte[] plain = hex("800f1234 decafbad cafebabe abababab abababab abababab abababab");
        byte[] expected = hex("""
                800f1234 decafbad cafebabe 4e55dc4c e79978d8
                8ca4d215 949d2402 b78d6acc 99ea179b 8dbb""");
        byte[] packet = Arrays.copyOf(plain, plain.length + Packets.SPARE);

        int length = new OutboundSrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER)
                .protectRtp(packet, 0, plain.length);

        assertEquals(expected.length, length);
        assertArrayEquals(expected, Arrays.copyOf(packet, length));
        InboundSrtpSession inbound = new InboundSrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER);
        assertEquals(plain.length, inbound.unprotectRtp(packet, 0, length));
        assertArrayEquals(plain, Arrays.copyOf(packet, plain.length));
    }

    /** libsrtp test/srtp_driver.c (srtp_validate): its SRTCP packet carries index 1, E set. */
    @Test
    void protectsLibsrtpsKnownRtcpPacketToTheByte() {
        byte[] plain = hex("81c8000b cafebabe abababab abababab abababab abababab");
        byte[] expected = hex("""
                81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8
                80000001 993e08cd 54d6c123 0798""");
        OutboundSrtpSession outbound = new OutboundSrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER);
        byte[] first = Arrays.copyOf(plain, plain.length + Packets.SPARE);
        outbound.protectRtcp(first, 0, plain.length);
        byte[] packet = Arrays.copyOf(plain, plain.length + Packets.SPARE);

        int length = outbound.protectRtcp(packet, 0, plain.length);

        assertArrayEquals(expected, Arrays.copyOf(packet, length));
        InboundSrtpSession inbound = new InboundSrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER);
        assertEquals(plain.length, inbound.unprotectRtcp(packet, 0, length));
        assertArrayEquals(plain, Arrays.copyOf(packet, plain.length));
    }
}
