package io.confab.core.sfu;

/** NTP timestamps (RFC 5905 §6) of the wall clock, as RTCP sender reports carry them. */
final class NtpTime {

    /** Seconds from the NTP era's start (1900) to the Unix epoch. */
    private static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private NtpTime() {
    }

    /** 64-bit NTP time: seconds in the high word, the fraction of a second in the low word. */
    static long of(long wallMs) {
        long seconds = wallMs / 1000 + EPOCH_OFFSET_SECONDS;
        long fraction = ((wallMs % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    /** The middle 32 bits (RFC 3550 §6.4.1's LSR form), in 1/65536 s. */
    static long middle32(long wallMs) {
        return (of(wallMs) >>> 16) & 0xFFFF_FFFFL;
    }
}
