package io.confab.core.sfu.srtp;

import java.util.List;
import java.util.Optional;

/**
 * The SRTP protection profiles Confab implements, from the IANA "DTLS-SRTP Protection Profiles"
 * registry: what the DTLS use_srtp extension negotiates (RFC 5764 §4.1.2, RFC 7714 §14.2) and the
 * crypto parameters it thereby selects for SRTP, one type for both so that DTLS can only agree on a
 * profile SRTP can run. Both use AES-128; they differ in how packets are authenticated.
 */
public enum SrtpProfile {
    /** RFC 3711 AES counter mode with an 80-bit HMAC-SHA1 tag; every browser offers it. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10),
    /** RFC 7714 AES-GCM: one pass encrypts and authenticates, with a 128-bit tag. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16);

    /** The largest tag either profile appends to an RTP packet: spare room a sender must keep. */
    public static final int MAX_RTP_OVERHEAD = 16;
    /** The largest SRTCP trailer: the 4-byte E flag and index word plus the largest tag. */
    public static final int MAX_RTCP_OVERHEAD = 4 + 16;

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** The two-byte SRTPProtectionProfile value of the DTLS use_srtp extension. */
    public int id() {
        return id;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    public int tagLength() {
        return tagLength;
    }

    /**
     * Bytes to ask the DTLS exporter for: a key and a salt for each side (RFC 5764 §4.2), 60 for
     * AES-CM-128 and 56 for AES-128-GCM.
     */
    public int exporterLength() {
        return 2 * (keyLength + saltLength);
    }

    /** Bytes protection adds to an RTP packet. */
    public int rtpOverhead() {
        return tagLength;
    }

    /** Bytes protection adds to an RTCP packet: the E flag and SRTCP index word, and the tag. */
    public int rtcpOverhead() {
        return 4 + tagLength;
    }

    public boolean isAead() {
        return this == AEAD_AES_128_GCM;
    }

    /** The profile the DTLS handshake selected, or empty for one Confab does not implement. */
    public static Optional<SrtpProfile> byId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }

    /**
     * The first profile in our preference order that the peer also listed (RFC 5764 §4.1.1 lets
     * the server pick any it supports; taking ours first keeps our preference whenever the browser
     * offers it). Ids the peer lists that Confab does not implement are passed over.
     */
    public static Optional<SrtpProfile> firstShared(List<SrtpProfile> ourPreference, int[] peerIds) {
        if (peerIds == null) {
            return Optional.empty();
        }
        for (SrtpProfile ours : ourPreference) {
            for (int peerId : peerIds) {
                if (peerId == ours.id) {
                    return Optional.of(ours);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Where the E flag and SRTCP index word sits in a protected RTCP packet of the given length:
     * before the tag in RFC 3711 §3.4, after it in RFC 7714 §17, since there the tag is part of the
     * AEAD ciphertext.
     */
    int srtcpIndexPosition(int protectedLength) {
        return isAead() ? protectedLength - 4 : protectedLength - tagLength - 4;
    }
}
