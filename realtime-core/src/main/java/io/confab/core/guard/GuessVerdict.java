package io.confab.core.guard;

import java.time.Duration;

/** Whether a guess may be checked now. */
public sealed interface GuessVerdict {

    /** Go on and check it. */
    record Allowed() implements GuessVerdict {
    }

    /** Refuse it unchecked: {@code key} is locked out for {@code retryAfter} more. */
    record Throttled(GuessKey key, Duration retryAfter) implements GuessVerdict {

        /** What the person refused reads. */
        public String message() {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            return "too many wrong attempts " + key.scope().phrase + "; try again in " + seconds + " s";
        }

        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    GuessVerdict ALLOWED = new Allowed();
}
