package io.confab.core.sfu.srtp;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function of RFC 3711 §4.3 with key derivation rate 0, the only rate
 * DTLS-SRTP uses (RFC 5764 §4.1.2): each session key is the AES-CM keystream under the master key,
 * started at the master salt with the label XORed in. RFC 7714 §11 reuses it for AES-GCM, whose
 * 12-byte master salt is padded on the right to the 14 bytes the function expects, as libsrtp does.
 */
public final class SrtpKeyDerivation {
    /** 112 bits (RFC 3711 §4.3.1); the 16-byte counter block is this followed by a block counter. */
    static final int PRF_SALT_LENGTH = 14;
    /** HMAC-SHA1 keys are n_a = 160 bits (RFC 3711 §8.2). */
    static final int AUTH_KEY_LENGTH = 20;
    /** The label is the first byte of the 56-bit key_id, which is aligned with the salt's right end. */
    private static final int LABEL_POSITION = PRF_SALT_LENGTH - 7;

    /** The key each derivation produces (RFC 3711 §4.3.1 for SRTP, §4.3.2 for SRTCP). */
    public enum Label {
        RTP_ENCRYPTION(0x00),
        RTP_AUTHENTICATION(0x01),
        RTP_SALT(0x02),
        RTCP_ENCRYPTION(0x03),
        RTCP_AUTHENTICATION(0x04),
        RTCP_SALT(0x05);

        private final int value;

        Label(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    private SrtpKeyDerivation() {
    }

    /**
     * Derives {@code length} bytes for the label.
     *
     * @throws IllegalArgumentException if the master key is not an AES key or the salt is longer
     *     than 14 bytes
     */
    public static byte[] derive(SrtpKeys master, Label label, int length) {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(label, "label");
        byte[] salt = master.masterSalt();
        if (salt.length > PRF_SALT_LENGTH) {
            throw new IllegalArgumentException("master salt longer than 14 bytes: " + salt.length);
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length == 0) {
            return new byte[0];
        }
        byte[] counter = new byte[16];
        System.arraycopy(salt, 0, counter, 0, salt.length);
        counter[LABEL_POSITION] ^= (byte) label.value;
        try {
            Cipher prf = Cipher.getInstance("AES/CTR/NoPadding");
            prf.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(master.masterKey(), "AES"), new IvParameterSpec(counter));
            return prf.doFinal(new byte[length]);
        } catch (java.security.InvalidKeyException badKey) {
            throw new IllegalArgumentException("master key is not an AES key", badKey);
        } catch (GeneralSecurityException missingFromJdk) {
            throw new IllegalStateException(missingFromJdk);
        }
    }

    /** The six keys one master key yields for a profile; GCM has no authentication keys. */
    static SessionKeys sessionKeys(SrtpProfile profile, SrtpKeys master) {
        int authLength = profile.isAead() ? 0 : AUTH_KEY_LENGTH;
        return new SessionKeys(
                derive(master, Label.RTP_ENCRYPTION, profile.keyLength()),
                derive(master, Label.RTP_AUTHENTICATION, authLength),
                derive(master, Label.RTP_SALT, profile.saltLength()),
                derive(master, Label.RTCP_ENCRYPTION, profile.keyLength()),
                derive(master, Label.RTCP_AUTHENTICATION, authLength),
                derive(master, Label.RTCP_SALT, profile.saltLength()));
    }

    /** Session keys for SRTP and SRTCP; never leaves the package, so the arrays are not copied. */
    record SessionKeys(byte[] rtpKey, byte[] rtpAuthKey, byte[] rtpSalt,
                       byte[] rtcpKey, byte[] rtcpAuthKey, byte[] rtcpSalt) {
        @Override
        public String toString() {
            return "SessionKeys[redacted]";
        }
    }
}
