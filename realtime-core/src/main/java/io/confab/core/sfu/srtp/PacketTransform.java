package io.confab.core.sfu.srtp;

/**
 * The cryptographic transform of one profile, in place on a packet whose framing the session has
 * already checked. Indices are computed, and replay decided, by the session; the transform only
 * encrypts, authenticates and verifies. Unprotect methods return the plaintext length or
 * {@link SrtpFailure#AUTH_FAILED}'s code; protect methods return the protected length.
 */
interface PacketTransform {

    /** Encrypts {@code [payloadStart, offset + length)} and appends the tag. */
    int protectRtp(byte[] packet, int offset, int length, int payloadStart, int ssrc, long index);

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
