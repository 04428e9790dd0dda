package io.confab.bot;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Input of one kind that the bot drops because it cannot use it: a signaling frame that is not JSON,
 * an RTCP packet that does not parse, a frame the sender failed to encode or send. Each is counted
 * for the report's {@code dropped}, and the first {@link #LOGGED} are logged with their reason. Only
 * the first few: a server that sends garbage in every packet must not bury a load test's output
 * under a line per packet; the count in the report says how many followed.
 */
public final class DropCount {

    static final int LOGGED = 3;

    private final Logger log;
    private final String what;
    private final AtomicLong count = new AtomicLong();

    /** @param what the kind dropped, as the log line starts with it ("an RTCP packet from the SFU") */
    public DropCount(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Counts one; logs it with {@code reason} (and {@code cause}'s stack, when there is one) if among the first few. */
    public void drop(String reason, Throwable cause) {
        long n = count.incrementAndGet();
        if (n <= LOGGED) {
            String line = what + " dropped: " + reason
                    + (n == LOGGED ? " (" + LOGGED + " logged; later ones are only counted in the report's \"dropped\")" : "");
            if (cause == null) {
                log.warn(line);
            } else {
                log.warn(line, cause);
            }
        }
    }

    public long count() {
        return count.get();
    }
}
