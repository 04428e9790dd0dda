package io.confab.core.sfu.srtp;

/**
 * The sliding replay list of RFC 3711 §3.3.2 over one stream's packet indices: the highest index
 * accepted and a bitmap of the 64 indices at and below it. Checking and accepting are separate so a
 * packet that later fails authentication leaves the window as it was.
 */
final class ReplayWindow {
    /** RFC 3711 §3.3.2 requires at least 64; a long holds exactly that. */
    static final int SIZE = 64;

    private long highest = -1;
    private long seen;

    boolean isEmpty() {
        return highest < 0;
    }

    /** The highest index accepted, or -1 before the first. */
    long highest() {
        return highest;
    }

    /** 0 if the index may be accepted, else the failure code. */
    int check(long index) {
        long behind = highest - index;
        if (isEmpty() || behind < 0) {
            return 0;
        }
        if (behind >= SIZE) {
            return SrtpFailure.TOO_OLD.code();
        }
        return (seen >>> behind & 1) != 0 ? SrtpFailure.REPLAYED.code() : 0;
    }

    /** Records an index that passed {@link #check(long)} and authentication. */
    void accept(long index) {
        if (isEmpty()) {
            highest = index;
            seen = 1;
            return;
        }
        long ahead = index - highest;
        if (ahead > 0) {
            seen = ahead >= SIZE ? 1 : seen << ahead | 1;
            highest = index;
        } else {
            seen |= 1L << -ahead;
        }
    }
}
