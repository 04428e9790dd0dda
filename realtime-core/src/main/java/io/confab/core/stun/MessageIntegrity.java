package io.confab.core.stun;

import io.confab.core.wire.NetworkOrder;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5), MESSAGE-INTEGRITY-SHA256 (§14.6) and FINGERPRINT (§14.7).
 * Each covers the message up to its own attribute, with the header's length field rewritten as if
 * the message ended right after that attribute; that is why the decoder keeps attribute offsets.
 */
public final class MessageIntegrity {
    /** XORed into the CRC so a FINGERPRINT never equals a CRC some other protocol carries (§14.7). */
    static final int FINGERPRINT_XOR = 0x5354554E;
    static final int SHA1_LENGTH = 20;

    private MessageIntegrity() {
    }

    public static IntegrityCheck verifySha1(StunMessage message, IntegrityKey key) {
        return verify(message, AttributeType.MESSAGE_INTEGRITY, key, "HmacSHA1");
    }

    public static IntegrityCheck verifySha256(StunMessage message, IntegrityKey key) {
        return verify(message, AttributeType.MESSAGE_INTEGRITY_SHA256, key, "HmacSHA256");
    }

    public static IntegrityCheck verifyFingerprint(StunMessage message) {
        Optional<StunAttribute> fingerprint = message.attribute(AttributeType.FINGERPRINT);
        if (fingerprint.isEmpty()) {
            return IntegrityCheck.ABSENT;
        }
        StunAttribute attribute = fingerprint.get();
        int expected = fingerprint(message.raw(), attribute.offset());
        return NetworkOrder.readInt(attribute.valueView(), 0) == expected ? IntegrityCheck.VALID : IntegrityCheck.INVALID;
    }

    private static IntegrityCheck verify(StunMessage message, int type, IntegrityKey key, String mac) {
        Optional<StunAttribute> found = message.attribute(type);
        if (found.isEmpty()) {
            return IntegrityCheck.ABSENT;
        }
        StunAttribute attribute = found.get();
        byte[] expected = hmac(mac, key, message.raw(), attribute.offset(), attribute.length());
        byte[] received = attribute.valueView();
        // Constant time: a timing oracle on the HMAC would let an attacker forge it byte by byte.
        return MessageDigest.isEqual(Arrays.copyOf(expected, received.length), received)
                ? IntegrityCheck.VALID : IntegrityCheck.INVALID;
    }

    /** HMAC over bytes[0, attributeOffset) with the length field covering an attribute of valueLength. */
    static byte[] hmac(String algorithm, IntegrityKey key, byte[] message, int attributeOffset, int valueLength) {
        byte[] covered = Arrays.copyOf(message, attributeOffset);
        writeLength(covered, attributeOffset - StunDecoder.HEADER_LENGTH + 4 + valueLength);
        try {
            Mac mac = Mac.getInstance(algorithm);
            // SecretKeySpec refuses an empty key; one zero byte is the same HMAC key, as keys are zero-padded to the block.
            byte[] keyBytes = key.bytes().length == 0 ? new byte[1] : key.bytes();
            mac.init(new SecretKeySpec(keyBytes, algorithm));
            return mac.doFinal(covered);
        } catch (NoSuchAlgorithmException | InvalidKeyException missingFromJdk) {
            throw new IllegalStateException(missingFromJdk);
        }
    }

    static int fingerprint(byte[] message, int attributeOffset) {
        byte[] covered = Arrays.copyOf(message, attributeOffset);
        writeLength(covered, attributeOffset - StunDecoder.HEADER_LENGTH + 8);
        CRC32 crc = new CRC32();
        crc.update(covered);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    private static void writeLength(byte[] header, int length) {
        header[2] = (byte) (length >>> 8);
        header[3] = (byte) length;
    }
}
