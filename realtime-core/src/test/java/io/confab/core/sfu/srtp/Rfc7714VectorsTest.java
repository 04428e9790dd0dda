package io.confab.core.sfu.srtp;

import io.confab.core.wire.NetworkOrder;
import static io.confab.core.sfu.srtp.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 7714 §16 and §17 AEAD_AES_128_GCM vectors. They give the session key and salt directly, so
 * they drive the transform without key derivation; the sessions' index handling is covered by
 * {@link SrtpSessionTest}.
 */
class Rfc7714VectorsTest {
    static final byte[] KEY = hex("000102030405060708090a0b0c0d0e0f");
    /** "Quid pro quo". */
    static final byte[] SALT = hex("517569642070726f2071756f");

    /** §16.1: "Gallia est omnis divisa in partes tres" after a 12-byte header, SSRC 0x5501a0b2, SEQ 0xf17b. */
    static final byte[] RTP = hex("""
            8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973
            20646976 69736120 696e2070 61727465 73207472 6573""");
    static final byte[] SRTP = hex("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca
            be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1
            6a9152cf 765ee439 0cce""");

    /** §17: an RTCP packet from SSRC "Mars", protected with SRTCP index 0x5d4. */
    static final byte[] RTCP = hex("""
            81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930
            4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef""");
    static final int RTCP_SSRC = 0x4d617273;
    static final int SRTCP_INDEX = 0x5d4;
    /** §17.1, E flag set. */
    static final byte[] SRTCP = hex("""
            81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7
            6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458
            96cf4d2f c5abf872 45d9eade 800005d4""");
    /** §17.3, E flag clear: the packet in clear, authenticated only. */
    static final byte[] SRTCP_AUTHENTICATED_ONLY = hex("""
            81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930
            4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef 841dd968
            3dd78ec9 2ae58790 125f62b3 000005d4""");

    static AesGcmTransform transform() {
        return new AesGcmTransform(new SrtpKeyDerivation.SessionKeys(KEY, new byte[0], SALT, KEY, new byte[0], SALT));
    }

    @Test
    void encryptsTheSection16RtpPacket() {
        byte[] packet = Arrays.copyOf(RTP, RTP.length + 16);

        int length = transform().protectRtp(packet, 0, RTP.length, 12, 0x5501a0b2, 0xf17b);

        assertArrayEquals(SRTP, Arrays.copyOf(packet, length));
    }

    @Test
    void decryptsTheSection16RtpPacket() {
        byte[] packet = SRTP.clone();

        int length = transform().unprotectRtp(packet, 0, packet.length, 12, 0x5501a0b2, 0xf17b);

        assertArrayEquals(RTP, Arrays.copyOf(packet, length));
    }

    @Test
    void rejectsTheSection16PacketUnderAnotherRolloverCounter() {
        byte[] packet = SRTP.clone();

        int result = transform().unprotectRtp(packet, 0, packet.length, 12, 0x5501a0b2, 1L << 16 | 0xf17b);

        assertEquals(SrtpFailure.AUTH_FAILED.code(), result);
    }

    @Test
    void encryptsTheSection17RtcpPacket() {
        byte[] packet = Arrays.copyOf(RTCP, RTCP.length + 20);

        int length = transform().protectRtcp(packet, 0, RTCP.length, RTCP_SSRC, SRTCP_INDEX);

        assertArrayEquals(SRTCP, Arrays.copyOf(packet, length));
    }

    @Test
    void decryptsTheSection17RtcpPacket() {
        byte[] packet = SRTCP.clone();
        int indexWord = NetworkOrder.readInt(packet, packet.length - 4);

        int length = transform().unprotectRtcp(packet, 0, packet.length, RTCP_SSRC, indexWord);

        assertArrayEquals(RTCP, Arrays.copyOf(packet, length));
    }

    @Test
    void verifiesTheAuthenticatedOnlyRtcpPacketOfSection17() {
        byte[] packet = SRTCP_AUTHENTICATED_ONLY.clone();

        int length = transform().unprotectRtcp(packet, 0, packet.length, RTCP_SSRC, SRTCP_INDEX);

        assertArrayEquals(RTCP, Arrays.copyOf(packet, length));
    }

    @Test
    void rejectsTheAuthenticatedOnlyPacketWithOneBitChanged() {
        byte[] packet = SRTCP_AUTHENTICATED_ONLY.clone();
        packet[20] ^= 1;

        assertEquals(SrtpFailure.AUTH_FAILED.code(),
                transform().unprotectRtcp(packet, 0, packet.length, RTCP_SSRC, SRTCP_INDEX));
    }
}
