package io.confab.core.sfu.srtp;

import io.confab.core.wire.NetworkOrder;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714). The RTP header is associated data and the tag
 * is part of the ciphertext (§8); for SRTCP the first 8 bytes and the E flag and index word are
 * associated data, and with E clear the whole packet is (§9, §17.3). The 12-byte IV XORs the
 * session salt with SSRC and index, so an index must never be protected twice under one key; the
 * sending session's replay check guarantees that.
 */
final class AesGcmTransform implements PacketTransform {
    static final int TAG_LENGTH = 16;
    private static final int TAG_BITS = 8 * TAG_LENGTH;

    private final Keyed rtp;
    private final Keyed rtcp;
    private final byte[] iv = new byte[12];

    /** One key set (SRTP or SRTCP) with the JCE cipher made for it once. */
    private record Keyed(Cipher cipher, SecretKeySpec key, byte[] salt) {
    }

    AesGcmTransform(SrtpKeyDerivation.SessionKeys keys) {
        this.rtp = keyed(keys.rtpKey(), keys.rtpSalt());
        this.rtcp = keyed(keys.rtcpKey(), keys.rtcpSalt());
    }

    @Override
    public int protectRtp(byte[] source, int offset, int length, int payloadStart, int ssrc, long index,
            byte[] target, int targetOffset) {
        try {
            if (source == target && offset == targetOffset) {
                rtpInPlace(Cipher.ENCRYPT_MODE, source, offset, length, payloadStart, ssrc, index);
            } else {
                int header = payloadStart - offset;
                System.arraycopy(source, offset, target, targetOffset, header);
                start(rtp, Cipher.ENCRYPT_MODE, ssrc, index, 6);
                rtp.cipher.updateAAD(source, offset, header);
                rtp.cipher.doFinal(source, payloadStart, length - header, target, targetOffset + header);
            }
            return length + TAG_LENGTH;
        } catch (GeneralSecurityException roomAndKeysWereChecked) {
            throw new IllegalStateException(roomAndKeysWereChecked);
        }
    }

    @Override
    public int unprotectRtp(byte[] packet, int offset, int length, int payloadStart, int ssrc, long index) {
        try {
            rtpInPlace(Cipher.DECRYPT_MODE, packet, offset, length, payloadStart, ssrc, index);
            return length - TAG_LENGTH;
        } catch (AEADBadTagException forgedOrCorrupt) {
            return SrtpFailure.AUTH_FAILED.code();
        } catch (GeneralSecurityException keysWereChecked) {
            throw new IllegalStateException(keysWereChecked);
        }
    }

    @Override
    public int protectRtcp(byte[] packet, int offset, int length, int ssrc, int srtcpIndex) {
        int clear = RtpHeader.RTCP_CLEAR_LENGTH;
        int word = offset + length + TAG_LENGTH;
        // Written first: it is associated data, and lies past what doFinal writes.
        NetworkOrder.writeInt(packet, word, Integer.MIN_VALUE | srtcpIndex);
        try {
            start(rtcp, Cipher.ENCRYPT_MODE, ssrc, srtcpIndex, 8);
            rtcp.cipher.updateAAD(packet, offset, clear);
            rtcp.cipher.updateAAD(packet, word, 4);
            rtcp.cipher.doFinal(packet, offset + clear, length - clear, packet, offset + clear);
            return length + TAG_LENGTH + 4;
        } catch (GeneralSecurityException roomAndKeysWereChecked) {
            throw new IllegalStateException(roomAndKeysWereChecked);
        }
    }

    @Override
    public int unprotectRtcp(byte[] packet, int offset, int length, int ssrc, int indexWord) {
        int word = offset + length - 4;
        int plainLength = length - 4 - TAG_LENGTH;
        boolean encrypted = indexWord < 0;
        int cipherStart = encrypted ? offset + RtpHeader.RTCP_CLEAR_LENGTH : offset + plainLength;
        try {
            start(rtcp, Cipher.DECRYPT_MODE, ssrc, indexWord & Integer.MAX_VALUE, 8);
            rtcp.cipher.updateAAD(packet, offset, cipherStart - offset);
            rtcp.cipher.updateAAD(packet, word, 4);
            rtcp.cipher.doFinal(packet, cipherStart, word - cipherStart, packet, cipherStart);
            return plainLength;
        } catch (AEADBadTagException forgedOrCorrupt) {
            return SrtpFailure.AUTH_FAILED.code();
        } catch (GeneralSecurityException keysWereChecked) {
            throw new IllegalStateException(keysWereChecked);
        }
    }

    /**
     * RFC 7714 §8: the header is associated data, the payload is encrypted (with the tag appended) or
     * decrypted (the tag checked and removed) where it lies.
     */
    private void rtpInPlace(int mode, byte[] packet, int offset, int length, int payloadStart, int ssrc, long index)
            throws GeneralSecurityException {
        start(rtp, mode, ssrc, index, 6);
        rtp.cipher.updateAAD(packet, offset, payloadStart - offset);
        rtp.cipher.doFinal(packet, payloadStart, offset + length - payloadStart, packet, payloadStart);
    }

    /**
     * IV = salt XOR (0x0000 | SSRC | index): the 48-bit ROC and SEQ at byte 6 for SRTP
     * (RFC 7714 §8.1), the 31-bit SRTCP index at byte 8 for SRTCP (§9.1).
     */
    private void start(Keyed keyed, int mode, int ssrc, long index, int indexAt) throws GeneralSecurityException {
        System.arraycopy(keyed.salt, 0, iv, 0, iv.length);
        for (int i = 0; i < 4; i++) {
            iv[2 + i] ^= (byte) (ssrc >>> 24 - 8 * i);
        }
        for (int at = iv.length - 1; at >= indexAt; at--, index >>>= 8) {
            iv[at] ^= (byte) index;
        }
        keyed.cipher.init(mode, keyed.key, new GCMParameterSpec(TAG_BITS, iv));
    }

    private static Keyed keyed(byte[] key, byte[] salt) {
        try {
            return new Keyed(Cipher.getInstance("AES/GCM/NoPadding"), new SecretKeySpec(key, "AES"), salt);
        } catch (GeneralSecurityException missingFromJdk) {
            throw new IllegalStateException(missingFromJdk);
        }
    }
}
