package io.confab.core.sfu.rtcp;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1): what the reporter knows about the
 * source ssrc. Unsigned 32-bit fields are held in longs.
 *
 * @param fractionLost lost fraction since the previous report, in 1/256, 0..255
 * @param cumulativeLost 24-bit signed: negative when duplicates outnumber losses
 * @param extendedHighestSequenceNumber cycles in the high 16 bits, highest sequence number below
 * @param jitter interarrival jitter in RTP timestamp units
 * @param lastSenderReport LSR, the middle 32 bits of the last SR's NTP timestamp, 0 if none
 * @param delaySinceLastSenderReport DLSR in 1/65536 s, 0 if no SR yet
 */
public record ReportBlock(int ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequenceNumber,
                          long jitter, long lastSenderReport, long delaySinceLastSenderReport) {
    public static final int LENGTH = 24;

    public ReportBlock {
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fraction lost " + fractionLost + " is not 0..255");
        }
        if (cumulativeLost < -0x80_0000 || cumulativeLost > 0x7F_FFFF) {
            throw new IllegalArgumentException("cumulative lost " + cumulativeLost + " does not fit 24 bits");
        }
        checkUnsigned32("extended highest sequence number", extendedHighestSequenceNumber);
        checkUnsigned32("jitter", jitter);
        checkUnsigned32("LSR", lastSenderReport);
        checkUnsigned32("DLSR", delaySinceLastSenderReport);
    }

    static void checkUnsigned32(String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " " + value + " is not an unsigned 32-bit value");
        }
    }
}
