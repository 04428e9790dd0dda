package io.confab.core.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordScreenTest {

    /** A DTLS 1.2 record header (RFC 6347 §4.1) and a zero fragment. */
    private static byte[] record(int contentType, int epoch, int fragmentLength) {
        byte[] record = new byte[13 + fragmentLength];
        record[0] = (byte) contentType;
        record[1] = (byte) 0xFE;
        record[2] = (byte) 0xFD;
        record[4] = (byte) epoch;
        record[11] = (byte) (fragmentLength >>> 8);
        record[12] = (byte) fragmentLength;
        return record;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static boolean admits(byte[] datagram) {
        return RecordScreen.admits(datagram, 0, datagram.length);
    }

    @Test
    void admitsPlaintextRecordsOfAnyLengthAtEpochZero() {
        assertTrue(admits(record(22, 0, 0)));
        assertTrue(admits(record(21, 0, 2)));
    }

    @Test
    void admitsProtectedRecordsLongEnoughForNonceAndTag() {
        assertTrue(admits(record(23, 1, 24)), "empty application data under AES-GCM");
        assertTrue(admits(record(21, 1, 26)), "a GCM-protected alert");
    }

    @Test
    void refusesAProtectedRecordShorterThanNonceAndTag() {
        assertFalse(admits(record(21, 1, 2)));
        assertFalse(admits(record(23, 1, 23)));
    }

    @Test
    void looksAtEveryRecordInTheDatagram() {
        // RFC 6347 §4.1.1: several records may share one datagram, as a flight's CCS and Finished do.
        assertTrue(admits(concat(record(20, 0, 1), record(22, 1, 40))));
        assertFalse(admits(concat(record(20, 0, 1), record(22, 1, 4))));
    }

    @Test
    void leavesTruncatedTailsToBouncyCastle() {
        byte[] header = record(22, 1, 40);
        assertTrue(RecordScreen.admits(header, 0, 20), "length beyond the datagram: BC discards it itself");
        assertTrue(RecordScreen.admits(header, 0, 5), "shorter than a header: nothing to read");
    }
}
