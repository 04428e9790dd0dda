package io.confab.core.sfu.srtp;

/**
 * The cryptographic transform of one profile, in place on a packet whose framing the session has
 * already checked. Indices are computed, and replay decided, by the session; the transform only
 * encrypts, authenticates and verifies. Unprotect methods return the plaintext length or
 * {@link SrtpFailure#AUTH_FAILED}'s code; protect methods return the protected length.
 */
interface PacketTransform {

    /** Encrypts {@code [payloadStart, offset + length)} and appends the tag, in place. */
    default int protectRtp(byte[] packet, int offset, int length, int payloadStart, int ssrc, long index) {
        return protectRtp(packet, offset, length, payloadStart, ssrc, index, packet, offset);
    }

    /**
     * Writes the protected packet to {@code target[targetOffset]}: the header as it is, the payload
     * encrypted, the tag after it; the source is left as it was. The target is either the source
     * itself at the same offset (in place) or an array apart from it.
     */
    int protectRtp(byte[] source, int offset, int length, int payloadStart, int ssrc, long index,
            byte[] target, int targetOffset);

    /** Verifies the tag at the end of {@code [offset, offset + length)}, then decrypts from {@code payloadStart}. */
    int unprotectRtp(byte[] packet, int offset, int length, int payloadStart, int ssrc, long index);

    /** Encrypts after the first 8 bytes and appends the E flag, the SRTCP index and the tag. */
    int protectRtcp(byte[] packet, int offset, int length, int ssrc, int srtcpIndex);

    /** Verifies and, if the word's E flag says so, decrypts; {@code indexWord} is the received E flag and index. */
    int unprotectRtcp(byte[] packet, int offset, int length, int ssrc, int indexWord);

    static PacketTransform of(SrtpProfile profile, SrtpKeys master) {
        master.requireFits(profile);
        SrtpKeyDerivation.SessionKeys keys = SrtpKeyDerivation.sessionKeys(profile, master);
        return profile.isAead() ? new AesGcmTransform(keys) : new AesCmTransform(keys, profile.tagLength());
    }
}
