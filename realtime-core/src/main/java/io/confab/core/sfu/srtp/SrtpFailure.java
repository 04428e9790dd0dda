package io.confab.core.sfu.srtp;

/**
 * Why a session refused a packet. The protect and unprotect methods return a length on success and
 * {@link #code()} (always negative) on failure, so the per-packet path allocates no result object;
 * {@link #of(int)} turns such a result back into a reason for counting and logging.
 */
public enum SrtpFailure {
    /** Offset or length outside the array, not RTP/RTCP version 2, or shorter than its headers and trailer. */
    MALFORMED(-1),
    /** The tag does not match: forged, corrupted, or protected with other keys. */
    AUTH_FAILED(-2),
    /** This packet index was already accepted (RFC 3711 §3.3.2). */
    REPLAYED(-3),
    /** Older than the 64-packet replay window, so whether it is a replay cannot be told (RFC 3711 §3.3.2). */
    TOO_OLD(-4),
    /** The array has no room after the packet for the tag and trailer (see {@link SrtpProfile#MAX_RTP_OVERHEAD}). */
    NO_ROOM(-5),
    /** The 48-bit SRTP or 31-bit SRTCP index would wrap; RFC 3711 §9.2 requires new keys first. */
    INDEX_EXHAUSTED(-6),
    /** More SSRCs than a session keeps state for. */
    STREAM_LIMIT(-7);

    private static final SrtpFailure[] BY_CODE = {MALFORMED, AUTH_FAILED, REPLAYED, TOO_OLD, NO_ROOM,
        INDEX_EXHAUSTED, STREAM_LIMIT};

    private final int code;

    SrtpFailure(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether a protect or unprotect result is a failure rather than a length. */
    public static boolean isFailure(int result) {
        return result < 0;
    }

    /**
     * The reason behind a failed result.
     *
     * @throws IllegalArgumentException if the result is a length, not a failure code
     */
    public static SrtpFailure of(int result) {
        if (result >= 0 || -result > BY_CODE.length) {
            throw new IllegalArgumentException("not a failure code: " + result);
        }
        return BY_CODE[-result - 1];
    }
}
