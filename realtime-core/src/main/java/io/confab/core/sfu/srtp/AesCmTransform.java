package io.confab.core.sfu.srtp;

import io.confab.core.wire.NetworkOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES counter mode encryption (RFC 3711 §4.1.1) with a truncated HMAC-SHA1 tag (§4.2.1). The tag
 * covers the whole packet and, for RTP, the rollover counter, which is never sent (§4.2); for RTCP
 * it covers the E flag and SRTCP index word (§3.4). Decryption only follows a verified tag.
 */
final class AesCmTransform implements PacketTransform {
    private static final int SHA1_LENGTH = 20;

    private final int tagLength;
    private final Keyed rtp;
    private final Keyed rtcp;
    private final byte[] counter = new byte[16];
    private byte[] cryptScratch = new byte[1500];
    private final byte[] digest = new byte[SHA1_LENGTH];
    private final byte[] rolloverCounter = new byte[4];

    /** One key set (SRTP or SRTCP) with the JCE objects made for it once. */
    private record Keyed(Cipher cipher, SecretKeySpec key, byte[] salt, Mac mac) {
    }

    AesCmTransform(SrtpKeyDerivation.SessionKeys keys, int tagLength) {
        this.tagLength = tagLength;
        this.rtp = keyed(keys.rtpKey(), keys.rtpSalt(), keys.rtpAuthKey());
        this.rtcp = keyed(keys.rtcpKey(), keys.rtcpSalt(), keys.rtcpAuthKey());
    }

    @Override
    public int protectRtp(byte[] source, int offset, int length, int payloadStart, int ssrc, long index,
            byte[] target, int targetOffset) {
        int payloadLength = offset + length - payloadStart;
        if (source == target && offset == targetOffset) {
            crypt(rtp, ssrc, index, source, payloadStart, payloadLength);
        } else {
            int header = payloadStart - offset;
            System.arraycopy(source, offset, target, targetOffset, header);
            crypt(rtp, ssrc, index, source, payloadStart, payloadLength, target, targetOffset + header);
        }
        signRtp(target, targetOffset, length, index);
        System.arraycopy(digest, 0, target, targetOffset + length, tagLength);
        return length + tagLength;
    }

    @Override
    public int unprotectRtp(byte[] packet, int offset, int length, int payloadStart, int ssrc, long index) {
        int authenticated = length - tagLength;
        signRtp(packet, offset, authenticated, index);
        if (!digestMatches(packet, offset + authenticated)) {
            return SrtpFailure.AUTH_FAILED.code();
        }
        crypt(rtp, ssrc, index, packet, payloadStart, offset + authenticated - payloadStart);
        return authenticated;
    }

    @Override
    public int protectRtcp(byte[] packet, int offset, int length, int ssrc, int srtcpIndex) {
        int clear = RtpHeader.RTCP_CLEAR_LENGTH;
        crypt(rtcp, ssrc, srtcpIndex, packet, offset + clear, length - clear);
        NetworkOrder.writeInt(packet, offset + length, Integer.MIN_VALUE | srtcpIndex);
        sign(rtcp.mac, packet, offset, length + 4);
        System.arraycopy(digest, 0, packet, offset + length + 4, tagLength);
        return length + 4 + tagLength;
    }

    @Override
    public int unprotectRtcp(byte[] packet, int offset, int length, int ssrc, int indexWord) {
        int authenticated = length - tagLength;
        sign(rtcp.mac, packet, offset, authenticated);
        if (!digestMatches(packet, offset + authenticated)) {
            return SrtpFailure.AUTH_FAILED.code();
        }
        int plainLength = authenticated - 4;
        if (indexWord < 0) {
            int clear = RtpHeader.RTCP_CLEAR_LENGTH;
            crypt(rtcp, ssrc, indexWord & Integer.MAX_VALUE, packet, offset + clear, plainLength - clear);
        }
        return plainLength;
    }

    /**
     * XORs the keystream over the range. The counter block is (salt * 2^16) XOR (SSRC * 2^64) XOR
     * (index * 2^16) (RFC 3711 §4.1.1); its low 16 bits start at zero, so JCE's 128-bit counter
     * increments exactly as SRTP's does for any packet under 1 MiB.
     */
    private void crypt(Keyed keyed, int ssrc, long index, byte[] packet, int from, int length) {
        if (length <= 0) {
            return;
        }
        // In place, the JDK copies the whole input first (a packet-sized array per packet); into
        // a scratch array and back costs one arraycopy and no garbage.
        if (cryptScratch.length < length) {
            cryptScratch = new byte[length];
        }
        crypt(keyed, ssrc, index, packet, from, length, cryptScratch, 0);
        System.arraycopy(cryptScratch, 0, packet, from, length);
    }

    /** As above, from one array into another: the keystream XORed on the way, no copy back. */
    private void crypt(Keyed keyed, int ssrc, long index, byte[] source, int from, int length, byte[] target, int to) {
        if (length <= 0) {
            return;
        }
        System.arraycopy(keyed.salt, 0, counter, 0, keyed.salt.length);
        counter[14] = 0;
        counter[15] = 0;
        for (int i = 0; i < 4; i++) {
            counter[4 + i] ^= (byte) (ssrc >>> 24 - 8 * i);
        }
        for (int i = 0; i < 6; i++) {
            counter[8 + i] ^= (byte) (index >>> 40 - 8 * i);
        }
        try {
            keyed.cipher.init(Cipher.ENCRYPT_MODE, keyed.key, new IvParameterSpec(counter));
            keyed.cipher.update(source, from, length, target, to);
        } catch (GeneralSecurityException keysWereCheckedAtConstruction) {
            throw new IllegalStateException(keysWereCheckedAtConstruction);
        }
    }

    /** The authenticated portion followed by the ROC (RFC 3711 §4.2). */
    private void signRtp(byte[] packet, int offset, int length, long index) {
        NetworkOrder.writeInt(rolloverCounter, 0, (int) (index >>> 16));
        rtp.mac.update(packet, offset, length);
        rtp.mac.update(rolloverCounter);
        finish(rtp.mac);
    }

    private void sign(Mac mac, byte[] packet, int offset, int length) {
        mac.update(packet, offset, length);
        finish(mac);
    }

    private void finish(Mac mac) {
        try {
            mac.doFinal(digest, 0);
        } catch (ShortBufferException digestHoldsSha1) {
            throw new IllegalStateException(digestHoldsSha1);
        }
    }

    /** Constant time: an early exit would let a forger learn the tag a byte at a time. */
    private boolean digestMatches(byte[] packet, int tagStart) {
        int difference = 0;
        for (int i = 0; i < tagLength; i++) {
            difference |= digest[i] ^ packet[tagStart + i];
        }
        return difference == 0;
    }

    private static Keyed keyed(byte[] key, byte[] salt, byte[] authKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authKey, "HmacSHA1"));
            return new Keyed(Cipher.getInstance("AES/CTR/NoPadding"), new SecretKeySpec(key, "AES"), salt, mac);
        } catch (GeneralSecurityException missingFromJdk) {
            throw new IllegalStateException(missingFromJdk);
        }
    }
}
