package io.confab.core.sfu.dtls;

/**
 * Keeps from Bouncy Castle the datagrams holding a protected record too short to be genuine.
 * RFC 6347 §4.1.2.7 says invalid records are discarded silently, and BC 1.82 does so for a record
 * that fails authentication; but one shorter than the AEAD nonce and tag it answers with a fatal
 * decode_error, which would let one forged datagram from the peer's address end the session.
 * Cheap: it reads only record headers, and only of DTLS datagrams.
 */
final class RecordScreen {
    /** RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2). */
    static final int RECORD_HEADER_LENGTH = 13;
    /**
     * The smallest fragment an epoch past 0 can carry with the AES-GCM suites we negotiate: the
     * 8-byte explicit nonce and the 16-byte tag around empty plaintext (RFC 5288 §3).
     */
    static final int MIN_PROTECTED_FRAGMENT = 8 + 16;

    private RecordScreen() {
    }

    static boolean admits(byte[] datagram, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (end - at >= RECORD_HEADER_LENGTH) {
            int epoch = readUint16(datagram, at + 3);
            int fragmentLength = readUint16(datagram, at + 11);
            if (epoch != 0 && fragmentLength < MIN_PROTECTED_FRAGMENT) {
                return false;
            }
            at += RECORD_HEADER_LENGTH + fragmentLength;
        }
        return true;
    }

    private static int readUint16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }
}
