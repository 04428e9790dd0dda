package io.confab.core.sfu.dtls;

import java.util.List;
import java.util.Optional;

/**
 * SRTP protection profiles from the IANA "DTLS-SRTP Protection Profiles" registry that Confab can
 * negotiate, with the master key and salt lengths that size the exported keying material
 * (RFC 5764 §4.1.2 for the AES-CM profiles, RFC 7714 §14.2 for AEAD-GCM).
 */
public enum SrtpProtectionProfile {
    /** RFC 5764 §4.1.2: 128-bit AES counter mode key, 112-bit salt, 80-bit HMAC-SHA1 tag. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14),
    /** RFC 5764 §4.1.2: as above with a 32-bit tag (RTP only; RTCP keeps 80 bits). */
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14),
    /** RFC 7714 §14.2: AES-128-GCM; the salt is 96 bits because GCM's IV is. */
    AEAD_AES_128_GCM(0x0007, 16, 12),
    /** RFC 7714 §14.2: AES-256-GCM. */
    AEAD_AES_256_GCM(0x0008, 32, 12);

    private final int id;
    private final int masterKeyLength;
    private final int masterSaltLength;

    SrtpProtectionProfile(int id, int masterKeyLength, int masterSaltLength) {
        this.id = id;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
    }

    /** The two-byte value carried in the use_srtp extension. */
    public int id() {
        return id;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** A key and a salt for each direction (RFC 5764 §4.2): 60 bytes for AES-CM-128, 56 for AES-128-GCM. */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    public static Optional<SrtpProtectionProfile> ofId(int id) {
        for (SrtpProtectionProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }

    /**
     * The first profile in our preference order that the peer also listed (RFC 5764 §4.1.1 lets
     * the server pick any it supports; taking ours first keeps AEAD whenever the browser offers it).
     */
    public static Optional<SrtpProtectionProfile> firstShared(List<SrtpProtectionProfile> ourPreference, int[] peerIds) {
        if (peerIds == null) {
            return Optional.empty();
        }
        for (SrtpProtectionProfile ours : ourPreference) {
            for (int peerId : peerIds) {
                if (peerId == ours.id) {
                    return Optional.of(ours);
                }
            }
        }
        return Optional.empty();
    }
}
